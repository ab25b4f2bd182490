"""What each domain says about the personal data it keeps (UK GDPR articles 15, 17 and 20).

Every domain that stores something about a person offers one `PersonalDataSource`, in its own
package as `youthhub/<domain>/personal_data.py`, the way each offers a journey source:

- `covers` names every column of its tables that points at a user ("table.column"), with the
  rule for it in plain English. `tests/rights/test_registry.py` walks the models and fails if a
  column pointing at a user is covered by no source, so a new table cannot be forgotten.
- `export(person)` returns what the download holds for this domain: JSON-ready values (text,
  numbers, booleans, ISO dates, lists and dicts), every field, keys documented in
  `youthhub/rights/my-data.schema.json`.
- `erase(person)` deletes what is theirs alone and anonymises what the law or the programme's
  figures must keep. It flushes, never commits; the account itself is anonymised last (by the
  accounts source), so whatever is kept points at an account with no name.

- `merges` says what happens to each of those columns when two records of one young person
  are merged (see "Merging" below).

`youthhub/rights/registry.py` lists the sources, in the order they are erased.
"""

from datetime import date, datetime
from typing import Any, Protocol

# What happens to a column's rows when one record is merged into another (`merge_source`).
MOVE = "move"
KEEP = "keep"


class PersonalDataSource(Protocol):
    key: str
    covers: dict[str, str]
    merges: dict[str, object]

    def export(self, person) -> Any: ...

    def erase(self, person) -> None: ...


def iso(value: date | datetime | None) -> str | None:
    """A date or time as ISO 8601 text (times in UTC), for the download."""
    return value.isoformat() if value is not None else None


class AuditData:
    """The audit log: entries by the person or about their account. Entries are never changed
    (the log is append-only), so an erased person's entries keep the action and point at an
    account with no name."""

    key = "audit"
    covers = {
        "audit_entries.actor_id": "kept: the action stays; the account it points at is nameless",
    }
    # Append-only: what a merged record did stays written in its name (its tombstone).
    merges = {"audit_entries.actor_id": KEEP}

    def export(self, person) -> list[dict]:
        from sqlalchemy import or_, select

        from youthhub.core.audit import AuditEntry
        from youthhub.extensions import db

        entries = db.session.scalars(
            select(AuditEntry)
            .where(
                or_(
                    AuditEntry.actor_id == person.id,
                    (AuditEntry.subject_type == "User") & (AuditEntry.subject_id == person.id),
                )
            )
            .order_by(AuditEntry.at, AuditEntry.id)
        )
        return [
            {
                "at": iso(entry.at),
                "action": entry.action,
                "by_me": entry.actor_id == person.id,
                "record_type": entry.subject_type,
                "record_id": entry.subject_id,
                "details": entry.details or {},
            }
            for entry in entries
        ]

    def erase(self, person) -> None:
        """Nothing to delete: see the class's docstring."""


# Merging two records of one young person ---------------------------------------------------
#
# Each source also says, in `merges`, what happens to each of its columns when one record
# (`merged`) is merged into another (`kept`): MOVE (the rows point at the kept record), KEEP
# (they stay on the merged record's tombstone, e.g. the append-only audit log), or a function
# `(merged_id, kept_id) -> None` for tables where a person may have only one row (a booking at
# an activity): it settles the clash, then moves what is left. `tests/rights/test_merging.py`
# fails if a column pointing at a user has no rule, so a new table cannot be forgotten.


def move_rows(column_key: str, merged_id: int, kept_id: int) -> None:
    """Point every row of "table.column" that points at `merged_id` at `kept_id`."""
    from sqlalchemy import update

    from youthhub.extensions import db

    table_name, column_name = column_key.split(".")
    table = db.metadata.tables[table_name]
    column = table.c[column_name]
    db.session.execute(update(table).where(column == merged_id).values({column: kept_id}))


def merge_source(source, merged_id: int, kept_id: int) -> None:
    """Apply one source's merge rules, in the order it lists them."""
    for column_key, rule in source.merges.items():
        if rule == MOVE:
            move_rows(column_key, merged_id, kept_id)
        elif callable(rule):
            rule(merged_id, kept_id)
