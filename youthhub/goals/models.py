"""Goals: `Area`, `Goal`, `GoalStep`, `Rating`, `Win`, `GoalComment`, `ContactRequest` and the
`HelpContact`s offered after a very low rating."""

from datetime import date, datetime
from enum import StrEnum

from flask import current_app, has_app_context
from sqlalchemy import JSON, CheckConstraint, Date, Enum, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from youthhub.core.i18n import page_locale
from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db

# The pictures an area can have; each is a template in templates/goals/icons/.
AREA_ICONS = (
    "family",
    "learning",
    "job",
    "studying",
    "empowered",
    "happy",
    "healthy",
    "independence",
    "star",
)
SCORES = range(1, 11)


class GoalStatus(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    LET_GO = "let_go"


class WinKind(StrEnum):
    STEP_DONE = "step_done"
    RATING_UP = "rating_up"
    GOAL_ACHIEVED = "goal_achieved"


def _enum(enum_class) -> Enum:
    return Enum(
        enum_class,
        native_enum=False,
        length=20,
        values_callable=lambda members: [member.value for member in members],
    )


def language_codes() -> tuple[str, str, str]:
    """The codes `localised` looks for, in order: the page's locale, its language, the default."""
    if has_app_context():
        locale, default = str(page_locale() or ""), current_app.config["BABEL_DEFAULT_LOCALE"]
    else:
        locale, default = "", "en"
    return locale, locale.split("_")[0], default


def localised(texts: dict[str, str] | None, codes: tuple[str, ...] | None = None) -> str:
    """The text in the page's language, else English, else whatever there is. A list gives the
    `language_codes()` it found once, rather than each row finding them again."""
    texts = texts or {}
    for code in codes or language_codes():
        if texts.get(code):
            return texts[code]
    return next((text for text in texts.values() if text), "")


class Area(db.Model):
    """One of the areas of life a positive destination covers; admins name and order them."""

    __tablename__ = "goal_areas"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Set on the seeded areas only, so seeding twice never makes a second copy.
    slug: Mapped[str | None] = mapped_column(String(40), unique=True)
    # {"en": "...", "cy": "..."}: a new language needs no new columns.
    names: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    icon: Mapped[str] = mapped_column(String(20), default="star")
    position: Mapped[int] = mapped_column(default=0)
    # A very low rating here gently offers help (feeling happy, staying healthy).
    offers_help: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def name(self) -> str:
        return localised(self.names)

    @property
    def description(self) -> str:
        return localised(self.descriptions)

    def __repr__(self) -> str:
        return f"<Area {self.id} {self.slug or ''}>"


class Goal(db.Model):
    __tablename__ = "goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    area_id: Mapped[int] = mapped_column(ForeignKey("goal_areas.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    target_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[GoalStatus] = mapped_column(_enum(GoalStatus), default=GoalStatus.ACTIVE)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    achieved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Shared with one named worker: if the young person's key worker changes, the new worker
    # does not see it until the young person shares it again.
    shared_with_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner = relationship("User", foreign_keys=[owner_id])
    area: Mapped[Area] = relationship()
    shared_with = relationship("User", foreign_keys=[shared_with_id])
    steps: Mapped[list["GoalStep"]] = relationship(
        back_populates="goal", order_by="GoalStep.position", cascade="all, delete-orphan"
    )
    comments: Mapped[list["GoalComment"]] = relationship(
        back_populates="goal", order_by="GoalComment.created_at", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        """Steps can be added and ticked while a goal is on the go or paused."""
        return self.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED)

    def is_shared_with(self, worker_id: int | None) -> bool:
        return worker_id is not None and self.shared_with_id == worker_id

    def __repr__(self) -> str:
        return f"<Goal {self.id}>"


class GoalStep(db.Model):
    __tablename__ = "goal_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Ticking, unticking and ticking again is celebrated once.
    celebrated: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="steps")

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class Rating(db.Model):
    """ "Where am I now?" in one area, from 1 to 10."""

    __tablename__ = "ratings"
    __table_args__ = (
        CheckConstraint("score >= 1 AND score <= 10", name="score_1_to_10"),
        # A young person's ratings in an area by time; monitoring's distance travelled reads
        # the score of a person's first and latest moment from it (`goals/report.py`).
        Index(
            "ix_ratings_owner_area_moment_score", "owner_id", "area_id", "rated_at", "id", "score"
        ),
        # Monitoring counts the period's ratings, and the young people who rated (each one's
        # first rating of the period is the one whose rating before it is older), from this
        # index alone.
        Index("ix_ratings_rated_at_previous_any", "rated_at", "previous_any_at"),
        # Distance travelled: the ratings of a period that follow another of the same person and
        # area in the period, and how far each moved (`goals/report.py`).
        Index(
            "ix_ratings_previous_at_moves",
            "previous_at",
            "rated_at",
            "owner_id",
            "area_id",
            "change",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    area_id: Mapped[int] = mapped_column(ForeignKey("goal_areas.id"), index=True)
    score: Mapped[int]
    note: Mapped[str | None] = mapped_column(String(280))
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    # Where this rating stands in the young person's history, kept by `goals.rating_links` as
    # ratings are saved: the moment of their rating before it in this area and how far the
    # score moved from it (None: their first here), and the moment of their rating before it
    # in any area. A period's distance travelled adds up the moves that follow a rating in the
    # same period, so it reads only those, whatever the rest of the history.
    previous_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    change: Mapped[int | None]
    previous_any_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Win(db.Model):
    """A small win kept in "my wins". Words are kept so the win survives later edits."""

    __tablename__ = "wins"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[WinKind] = mapped_column(_enum(WinKind))
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"))
    area_id: Mapped[int | None] = mapped_column(ForeignKey("goal_areas.id"))
    label: Mapped[str | None] = mapped_column(String(200))
    from_score: Mapped[int | None]
    to_score: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    area: Mapped[Area | None] = relationship()


class GoalComment(db.Model):
    """An encouraging word from the worker a goal is shared with."""

    __tablename__ = "goal_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(ForeignKey("goals.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="comments")
    author = relationship("User", lazy="joined")


class ContactRequest(db.Model):
    """A young person pressed "ask my worker to get in touch". Nothing else is passed on."""

    __tablename__ = "contact_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    young_person_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    worker_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    young_person = relationship("User", foreign_keys=[young_person_id])


class HelpContact(db.Model):
    """Somewhere to turn (a helpline), offered after a very low rating; set up by admins."""

    __tablename__ = "help_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str | None] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    descriptions: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    phone: Mapped[str | None] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)

    @property
    def description(self) -> str:
        return localised(self.descriptions)

    @property
    def phone_link(self) -> str | None:
        digits = "".join(ch for ch in self.phone or "" if ch.isdigit() or ch == "+")
        return f"tel:{digits}" if digits else None
