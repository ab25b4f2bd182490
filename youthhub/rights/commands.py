"""`flask --app youthhub data ...`: the retention command lives with the rule it runs."""

from youthhub.rights.retention import data_command

__all__ = ["data_command"]
