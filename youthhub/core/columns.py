"""Column types every domain's models share."""

from sqlalchemy import Enum


def enum_column(enum_class, length: int = 20) -> Enum:
    """A `StrEnum` stored as its plain value in a short text column (no database enum type, so
    adding a member needs no migration of the type)."""
    return Enum(
        enum_class,
        native_enum=False,
        length=length,
        values_callable=lambda e: [member.value for member in e],
    )
