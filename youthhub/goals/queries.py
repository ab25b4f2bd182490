"""Read-only questions for the goals pages, each answered in a fixed number of queries however
many goals and ratings a person has.

Privacy lives here as much as in the services: a young person's questions only ever look at
their own rows, and a worker's only at goals shared with them by their own young people.
Anything else is `None`, which the views turn into a 404.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from types import SimpleNamespace

from sqlalchemy import bindparam, exists, func, select, true
from sqlalchemy.orm import joinedload, raiseload, selectinload

from youthhub.accounts.models import User
from youthhub.core import reads
from youthhub.extensions import db
from youthhub.goals.models import (
    Area,
    ContactRequest,
    Goal,
    GoalComment,
    GoalStatus,
    GoalStep,
    HelpContact,
    Rating,
    Win,
    language_codes,
    localised,
)

HISTORY_LIMIT = 50  # ratings drawn on a chart and listed in its table
WINS_LIMIT = 200
STATUS_ORDER = (GoalStatus.ACTIVE, GoalStatus.PAUSED, GoalStatus.ACHIEVED, GoalStatus.LET_GO)


@dataclass(frozen=True)
class GoalSummary:
    goal: Goal  # or, on the young person's own pages, a row of the columns the list shows
    steps_total: int
    steps_done: int
    comments: int


def areas() -> list[Area]:
    return list(db.session.scalars(select(Area).order_by(Area.position, Area.id)))


def area(area_id: int) -> Area | None:
    return db.session.get(Area, area_id)


def _counts():
    """Each goal's steps, steps done and comments, as correlated counts."""
    steps_total = (
        select(func.count(GoalStep.id)).where(GoalStep.goal_id == Goal.id).scalar_subquery()
    )
    steps_done = (
        select(func.count(GoalStep.id))
        .where(GoalStep.goal_id == Goal.id, GoalStep.done_at.is_not(None))
        .scalar_subquery()
    )
    comments = (
        select(func.count(GoalComment.id)).where(GoalComment.goal_id == Goal.id).scalar_subquery()
    )
    return steps_total, steps_done, comments


def _summaries(*conditions, options=()) -> list[GoalSummary]:
    """Goals with their step and comment counts, in one query."""
    query = (
        select(Goal, *_counts())
        .where(*conditions)
        .options(raiseload(Goal.steps), raiseload(Goal.comments), *options)
        .order_by(Goal.created_at.desc(), Goal.id.desc())
    )
    return [GoalSummary(*row) for row in db.session.execute(query)]


def by_status(summaries: list[GoalSummary]) -> dict[GoalStatus, list[GoalSummary]]:
    grouped = {status: [] for status in STATUS_ORDER}
    for summary in summaries:
        grouped[summary.goal.status].append(summary)
    return grouped


def _latest_ratings(*conditions) -> list[Rating]:
    """The newest rating in each (person, area) pair matching `conditions`."""
    ranked = (
        select(
            Rating.id,
            func.row_number()
            .over(
                partition_by=(Rating.owner_id, Rating.area_id),
                order_by=(Rating.rated_at.desc(), Rating.id.desc()),
            )
            .label("rank"),
        )
        .where(*conditions)
        .subquery()
    )
    query = select(Rating).join(ranked, ranked.c.id == Rating.id).where(ranked.c.rank == 1)
    return list(db.session.scalars(query))


def _history(owner_id: int, area_id: int) -> list[Rating]:
    """Up to the newest HISTORY_LIMIT ratings, oldest first (the order a chart reads)."""
    newest = db.session.scalars(
        select(Rating)
        .where(Rating.owner_id == owner_id, Rating.area_id == area_id)
        .order_by(Rating.rated_at.desc(), Rating.id.desc())
        .limit(HISTORY_LIMIT)
    )
    return list(reversed(list(newest)))


# The young person's own pages --------------------------------------------------------------


@dataclass(frozen=True)
class AreaName:
    """An area as a young person's pages show it: its name in the page's language and picture."""

    id: int
    name: str
    icon: str


def _area_names(rows, codes: tuple[str, ...] | None = None) -> list[AreaName]:
    codes = codes or language_codes()
    return [AreaName(row.id, localised(row.names, codes), row.icon) for row in rows]


def _goal_rows_query(*conditions):
    steps_total, steps_done, comments = _counts()
    return (
        select(
            Goal.id,
            Goal.title,
            Goal.area_id,
            Goal.status,
            Goal.target_date,
            Goal.shared_with_id,
            steps_total,
            steps_done,
            comments,
        )
        .where(*conditions)
        .order_by(Goal.created_at.desc(), Goal.id.desc())
    )


@cache
def _own_pages() -> SimpleNamespace:
    """The young person's own pages' queries, built once with their values left as parameters:
    building a query with its subqueries cost as much as running it."""
    owner = bindparam("owner_id")
    latest = (
        select(Rating.score)
        .where(Rating.owner_id == owner, Rating.area_id == Area.id)
        .order_by(Rating.rated_at.desc(), Rating.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    wins = select(func.count(Win.id)).where(Win.owner_id == owner).scalar_subquery()
    return SimpleNamespace(
        # The areas with this person's latest score in each (one look-up per area in the
        # ratings index) and how many wins they have: one query.
        areas_and_scores=select(
            Area.id, Area.names, Area.icon, latest.label("score"), wins.label("wins")
        ).order_by(Area.position, Area.id),
        wins=select(func.count(Win.id)).where(Win.owner_id == owner),
        goals=_goal_rows_query(Goal.owner_id == owner),
        area_and_history=_area_and_history(owner),
        area_goals=_goal_rows_query(Goal.owner_id == owner, Goal.area_id == bindparam("area_id")),
    )


def _area_and_history(owner):
    """An area (`id`, `names`, `icon`, `descriptions`) on every row beside the person's newest
    ratings in it, newest first (`rating_id`, `score`, `note`, `rated_at`), or on one row of
    nothing else when they have none; no row if there is no such area. One statement, not two
    (a round trip to PostgreSQL costs both sides ~0.1 ms), as what's on reads its rows."""
    area = (
        select(Area.id, Area.names, Area.icon, Area.descriptions)
        .where(Area.id == bindparam("area_id"))
        .subquery("area")
    )
    newest = (
        select(Rating.id.label("rating_id"), Rating.score, Rating.note, Rating.rated_at)
        .where(Rating.owner_id == owner, Rating.area_id == bindparam("area_id"))
        .order_by(Rating.rated_at.desc(), Rating.id.desc())
        .limit(HISTORY_LIMIT)
        .subquery("newest")
    )
    return (
        select(*area.c, *newest.c)
        .select_from(area)
        .outerjoin(newest, true())
        .order_by(newest.c.rated_at.desc(), newest.c.rating_id.desc())
    )


def _goal_rows(query, **values) -> list[GoalSummary]:
    """The young person's own goals as a list shows them: rows of the columns it shows, with
    their step and comment counts, in one query (no Goal objects to build)."""
    return [GoalSummary(row, *row[-3:]) for row in reads.rows(query, values)]


@dataclass(frozen=True)
class GoalsHome:
    areas: list[AreaName]
    scores: dict[int, int]  # each rated area's latest score
    goals: dict[GoalStatus, list[GoalSummary]]
    wins: int

    @property
    def areas_by_id(self) -> dict[int, AreaName]:
        return {area.id: area for area in self.areas}

    @property
    def has_goals(self) -> bool:
        return any(self.goals.values())


def goals_home(user: User) -> GoalsHome:
    """The areas with the person's latest score in each and their wins count, then their goals."""
    queries = _own_pages()
    rows = reads.rows(queries.areas_and_scores, {"owner_id": user.id}).all()
    # With no areas at all (an admin removed them) the wins are counted on their own.
    wins = rows[0].wins if rows else reads.rows(queries.wins, {"owner_id": user.id}).scalar()
    return GoalsHome(
        areas=_area_names(rows),
        scores={row.id: row.score for row in rows if row.score is not None},
        goals=by_status(_goal_rows(queries.goals, owner_id=user.id)),
        wins=wins,
    )


@dataclass(frozen=True)
class HistoryRating:
    """One rating on an area's chart and in its table."""

    id: int
    score: int
    note: str | None
    rated_at: datetime


@dataclass(frozen=True)
class AreaPage:
    area: AreaName
    description: str
    history: list[HistoryRating]
    goals: list[GoalSummary]


def area_page(user: User, area_id: int) -> AreaPage | None:
    queries = _own_pages()
    mine = {"owner_id": user.id, "area_id": area_id}
    rows = reads.rows(queries.area_and_history, mine).all()
    if not rows:
        return None
    found = rows[0]
    codes = language_codes()
    return AreaPage(
        area=_area_names([found], codes)[0],
        description=localised(found.descriptions, codes),
        history=[
            HistoryRating(row.rating_id, row.score, row.note, row.rated_at)
            for row in reversed(rows)
            if row.rating_id is not None
        ],
        goals=_goal_rows(queries.area_goals, **mine),
    )


def own_goal(user: User, goal_id: int) -> Goal | None:
    """The goal if it is this person's, for changing it."""
    return db.session.scalar(select(Goal).where(Goal.id == goal_id, Goal.owner_id == user.id))


def own_step(user: User, goal_id: int, step_id: int) -> GoalStep | None:
    """A step of this person's own goal, and only of the goal named in the address."""
    return db.session.scalar(
        select(GoalStep)
        .join(Goal)
        .where(GoalStep.id == step_id, Goal.id == goal_id, Goal.owner_id == user.id)
    )


def _goal_with_everything(*conditions, options=()) -> Goal | None:
    return db.session.scalar(
        select(Goal)
        .where(*conditions)
        .options(
            *options,
            joinedload(Goal.area),
            selectinload(Goal.steps),
            # Lazily, not raise: the comments' author is often the key worker, whose roles
            # `services.goal_actions` asks about (one query, however many comments).
            selectinload(Goal.comments).joinedload(GoalComment.author).lazyload(User.role_grants),
        )
    )


def goal_page(user: User, goal_id: int) -> Goal | None:
    """One of this person's goals, with its steps and their worker's comments."""
    return _goal_with_everything(Goal.id == goal_id, Goal.owner_id == user.id)


def key_worker_name(user: User) -> str | None:
    if user.key_worker_id is None:
        return None
    return db.session.scalar(
        select(User.preferred_name).where(User.id == user.key_worker_id, User.disabled_at.is_(None))
    )


def wins(user: User) -> list[Win]:
    return list(
        db.session.scalars(
            select(Win)
            .where(Win.owner_id == user.id)
            .options(joinedload(Win.area))
            .order_by(Win.created_at.desc(), Win.id.desc())
            .limit(WINS_LIMIT)
        )
    )


def help_contacts() -> list[HelpContact]:
    return list(
        db.session.scalars(select(HelpContact).order_by(HelpContact.position, HelpContact.id))
    )


def help_contact(contact_id: int) -> HelpContact | None:
    return db.session.get(HelpContact, contact_id)


def has_asked_for_contact(user: User) -> bool:
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    ContactRequest.young_person_id == user.id, ContactRequest.handled_at.is_(None)
                )
            )
        )
    )


# The worker's pages ------------------------------------------------------------------------


def _shared_with(worker: User):
    """Shared with this worker by a young person whose key worker they still are."""
    return (
        Goal.shared_with_id == worker.id,
        Goal.owner_id.in_(select(User.id).where(User.key_worker_id == worker.id)),
    )


@dataclass(frozen=True)
class SharedGoals:
    people: list[tuple[User, list[GoalSummary]]]  # by name, each with their shared goals
    latest: dict[tuple[int, int], Rating]
    waiting: list[ContactRequest]


def shared_goals(worker: User) -> SharedGoals:
    summaries = _summaries(
        *_shared_with(worker),
        options=(
            joinedload(Goal.area),
            joinedload(Goal.owner).raiseload(User.role_grants),
        ),
    )
    people: dict[int, tuple[User, list[GoalSummary]]] = {}
    for summary in summaries:
        people.setdefault(summary.goal.owner_id, (summary.goal.owner, []))[1].append(summary)
    # Ratings only from these young people in these areas (the ratings index starts with owner
    # and area); of those, only pairs with a shared goal are kept.
    pairs = {(summary.goal.owner_id, summary.goal.area_id) for summary in summaries}
    latest = (
        _latest_ratings(
            Rating.owner_id.in_({owner_id for owner_id, _ in pairs}),
            Rating.area_id.in_({area_id for _, area_id in pairs}),
        )
        if pairs
        else []
    )
    return SharedGoals(
        people=sorted(people.values(), key=lambda pair: pair[0].preferred_name.casefold()),
        latest={
            (rating.owner_id, rating.area_id): rating
            for rating in latest
            if (rating.owner_id, rating.area_id) in pairs
        },
        waiting=waiting_contact_requests(worker),
    )


def waiting_contact_requests(worker: User) -> list[ContactRequest]:
    return list(
        db.session.scalars(
            select(ContactRequest)
            .where(ContactRequest.worker_id == worker.id, ContactRequest.handled_at.is_(None))
            .options(joinedload(ContactRequest.young_person).raiseload(User.role_grants))
            .order_by(ContactRequest.created_at)
        )
    )


def contact_request_for(worker: User, request_id: int) -> ContactRequest | None:
    return db.session.scalar(
        select(ContactRequest).where(
            ContactRequest.id == request_id, ContactRequest.worker_id == worker.id
        )
    )


def shared_goal(worker: User, goal_id: int) -> Goal | None:
    """A goal shared with this worker, for acting on it."""
    return db.session.scalar(select(Goal).where(Goal.id == goal_id, *_shared_with(worker)))


@dataclass(frozen=True)
class SharedGoalPage:
    goal: Goal
    owner_name: str
    history: list[Rating]


def shared_goal_page(worker: User, goal_id: int) -> SharedGoalPage | None:
    # The owner comes too: `services.may_comment` asks whose key worker they are.
    goal = _goal_with_everything(
        Goal.id == goal_id,
        *_shared_with(worker),
        options=(joinedload(Goal.owner).raiseload(User.role_grants),),
    )
    if goal is None:
        return None
    return SharedGoalPage(goal, goal.owner.preferred_name, _history(goal.owner_id, goal.area_id))


def staff_summary(worker: User) -> dict:
    """Counts for the staff home page, in one query."""
    shared = select(func.count(Goal.id)).where(*_shared_with(worker)).scalar_subquery()
    waiting = (
        select(func.count(ContactRequest.id))
        .where(ContactRequest.worker_id == worker.id, ContactRequest.handled_at.is_(None))
        .scalar_subquery()
    )
    row = db.session.execute(select(shared, waiting)).one()
    return {"shared_goals": row[0], "waiting_contacts": row[1]}
