"""Where each rating stands in its young person's history (`Rating.previous_at`, `change`,
`previous_any_at`), so monitoring's distance travelled adds up the moves within a period
instead of finding every young person's first and latest rating in it.

A young person's links are worked out again, whole, as the transaction commits whenever one of
their ratings was added, changed or removed (noted at each ORM flush): a rating made offline
and saved later lands between two already saved, and the one after it must follow it now. A
person's ratings are few, so relinking them whole is cheaper than patching them, and cannot
drift. Ratings loaded in bulk (the bench) are linked with `relink_everyone`.
"""

from collections.abc import Iterable

from sqlalchemy import event, func, inspect, or_, select, update
from sqlalchemy.orm import Session

from youthhub.accounts.models import User
from youthhub.extensions import db
from youthhub.goals.models import Rating

# People relinked per statement: well inside every database's limit on bound values.
CHUNK = 2_000
# The session's key for the young people whose ratings to relink at commit.
PENDING = "ratings_to_relink"
# What about a rating decides where it stands.
LINKED_BY = ("owner_id", "area_id", "score", "rated_at")


def _links(owner_ids: list[int] | None):
    """Each rating's links, worked out from its person's ratings in the order they were made
    (ratings of the same moment in the order they were saved)."""
    in_time = (Rating.rated_at, Rating.id)
    in_area = {"partition_by": (Rating.owner_id, Rating.area_id), "order_by": in_time}
    in_any = {"partition_by": Rating.owner_id, "order_by": in_time}
    links = select(
        Rating.id,
        func.lag(Rating.rated_at).over(**in_area).label("previous_at"),
        (Rating.score - func.lag(Rating.score).over(**in_area)).label("change"),
        func.lag(Rating.rated_at).over(**in_any).label("previous_any_at"),
    )
    if owner_ids is not None:
        links = links.where(Rating.owner_id.in_(owner_ids))
    return links.subquery()


def _relink(connection, owner_ids: list[int] | None) -> None:
    links = _links(owner_ids)
    connection.execute(
        update(Rating)
        .where(
            Rating.id == links.c.id,
            # Only the links that moved are written: a new rating at the end changes one row.
            or_(
                Rating.previous_at.is_distinct_from(links.c.previous_at),
                Rating.change.is_distinct_from(links.c.change),
                Rating.previous_any_at.is_distinct_from(links.c.previous_any_at),
            ),
        )
        .values(
            previous_at=links.c.previous_at,
            change=links.c.change,
            previous_any_at=links.c.previous_any_at,
        )
        .execution_options(synchronize_session=False)
    )


def relink(owner_ids: Iterable[int], connection=None) -> None:
    """Work these young people's rating links out again."""
    connection = connection or db.session.connection()
    ids = sorted(set(owner_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        # Two ratings saved at once by one young person (two tabs, or a phone catching up): the
        # second waits for the first's, so it links to it rather than past it.
        connection.execute(
            select(User.id).where(User.id.in_(chunk)).order_by(User.id).with_for_update()
        )
        _relink(connection, chunk)


def relink_everyone(connection=None) -> None:
    """Link every rating (after loading history in bulk, e.g. the bench)."""
    _relink(connection or db.session.connection(), None)


def _touched(session) -> set[int]:
    people = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if not isinstance(obj, Rating):
            continue
        state = inspect(obj)
        if obj in session.dirty and not any(
            state.attrs[name].history.has_changes() for name in LINKED_BY
        ):
            continue
        history = state.attrs.owner_id.history
        people.update(id_ for id_ in (*history.sum(), obj.owner_id) if id_ is not None)
    return people


@event.listens_for(Session, "after_flush")
def _note_after_flush(session, _context) -> None:
    people = _touched(session)
    if people:
        session.info.setdefault(PENDING, set()).update(people)


@event.listens_for(Session, "before_commit")
def _relink_before_commit(session) -> None:
    session.flush()  # the commit's own flush comes after this hook: its changes are noted now
    people = session.info.pop(PENDING, set())
    if people:
        relink(people, session.connection())


@event.listens_for(Session, "after_rollback")
def _forget_on_rollback(session) -> None:
    session.info.pop(PENDING, None)
