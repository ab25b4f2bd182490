"""Columns a row keeps about the rows before it in its owner's history (when the one before was,
how far a score moved since), so a report over a period can count each person once, or add up
their moves, from the period's rows alone instead of finding everyone's first and last.

A domain describes its history once (`History`); whenever a transaction adds, changes or
removes one of its rows (noted at each ORM flush), the owners' histories are worked out again,
whole, as it commits: a row made offline and saved later lands between two already saved, and
the one after it must follow it now. An owner's rows are few, so relinking them whole is
cheaper than patching them, and cannot drift. Rows loaded or moved in bulk, which the ORM does
not see, are relinked by asking (`relink`, `relink_everyone`).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import event, inspect, or_, select, update
from sqlalchemy.orm import Session

from youthhub.extensions import db

# Owners relinked per statement: well inside every database's limit on bound values.
CHUNK = 2_000


@dataclass(frozen=True)
class History:
    """`model`'s rows, each in the history of the row its column `owner` points at (a user,
    say), keeping the columns `links()` works out: column name -> a window expression over
    each owner's rows."""

    name: str  # the session's key for the owners to relink at commit
    model: type
    owner: str
    watched: tuple[str, ...]  # the columns whose change moves a row in its history
    links: Callable[[], dict]

    def _owner_column(self):
        return getattr(self.model, self.owner)

    def _update(self, connection, owner_ids: list[int] | None) -> None:
        table, identity, links = self.model, self.model.id, self.links()
        worked_out = select(
            identity.label("id"), *(expression.label(name) for name, expression in links.items())
        )
        if owner_ids is not None:
            worked_out = worked_out.where(self._owner_column().in_(owner_ids))
        worked_out = worked_out.subquery()
        kept = {name: getattr(table, name) for name in links}
        connection.execute(
            update(table)
            .where(
                identity == worked_out.c.id,
                # Only the links that moved are written: a new row at the end changes one.
                or_(*(kept[name].is_distinct_from(worked_out.c[name]) for name in kept)),
            )
            .values({name: worked_out.c[name] for name in kept})
            .execution_options(synchronize_session=False)
        )

    def relink(self, owner_ids: Iterable[int], connection=None) -> None:
        """Work these owners' histories out again."""
        connection = connection or db.session.connection()
        ids = sorted(set(owner_ids))
        (key,) = self._owner_column().property.columns[0].foreign_keys
        owners = key.column.table
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            # Two rows saved at once in one owner's history (two tabs, or a phone catching
            # up): the second transaction waits for the first's, so it links to it, not past.
            connection.execute(
                select(owners.c.id)
                .where(owners.c.id.in_(chunk))
                .order_by(owners.c.id)
                .with_for_update()
            )
            self._update(connection, chunk)

    def relink_everyone(self, connection=None) -> None:
        """Work every history out again (after loading rows in bulk, e.g. the bench)."""
        self._update(connection or db.session.connection(), None)

    def _touched(self, session) -> set[int]:
        owners = set()
        for obj in (*session.new, *session.dirty, *session.deleted):
            if not isinstance(obj, self.model):
                continue
            state = inspect(obj)
            if obj in session.dirty and not any(
                state.attrs[name].history.has_changes() for name in self.watched
            ):
                continue
            history = state.attrs[self.owner].history
            owner = getattr(obj, self.owner)
            owners.update(id_ for id_ in (*history.sum(), owner) if id_ is not None)
        return owners

    def keep(self) -> "History":
        """Relink the histories each transaction touches, as it commits."""

        @event.listens_for(Session, "after_flush")
        def note_after_flush(session, _context) -> None:
            owners = self._touched(session)
            if owners:
                session.info.setdefault(self.name, set()).update(owners)

        @event.listens_for(Session, "before_commit")
        def relink_before_commit(session) -> None:
            session.flush()  # the commit's own flush comes after this hook: noted now
            owners = session.info.pop(self.name, set())
            if owners:
                self.relink(owners, session.connection())

        @event.listens_for(Session, "after_rollback")
        def forget_on_rollback(session) -> None:
            session.info.pop(self.name, None)

        return self
