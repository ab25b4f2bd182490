"""The rate card: kinds of paid contribution, their hourly rates over time, and pricing.

A claim is priced at the rate in force on the day the work was done, so a new rate never
changes what earlier work was worth.
"""

from collections import defaultdict
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from youthhub.accounts.models import Role
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.labels import per_request
from youthhub.core.time import LONDON, utcnow
from youthhub.extensions import db
from youthhub.payments.models import ContributionKind, PaySettings, Rate

# The standard kinds, their names (translated when shown), and the rates they start with.
STANDARD_KINDS = {
    "panel": (_l("Youth panel"), 1500, 1500),
    "co_design": (_l("Co-design session"), 1500, 0),
    "training_delivery": (_l("Delivering training"), 2000, 2000),
    "interview_panel": (_l("Interview panel"), 1500, 1500),
    "podcast": (_l("Podcast"), 1500, 0),
    "research": (_l("Research"), 1500, 0),
    "other": (_l("Something else"), 1200, 0),
}
STANDARD_RATES_FROM = date(2020, 4, 6)
MAX_HOURLY_PENCE = 100_00 * 10  # £1,000 an hour: anything more is a typing mistake


def kind_name(kind: ContributionKind) -> str:
    return kind_label(kind.code, kind.name)


def kind_label(code: str | None, name: str) -> str:
    """A kind's name in the page's language: the standard kinds' translated, others' as typed."""
    return _standard_name(code) if code in STANDARD_KINDS else name


@per_request  # once per page, not once per claim listed
def _standard_name(code: str) -> str:
    return str(STANDARD_KINDS[code][0])


def price(hourly_pence: int, minimum_pence: int, minutes: int) -> int:
    """Pence for `minutes` of work at an hourly rate, rounded to the nearest penny (half up),
    and never below the minimum payment."""
    return max(minimum_pence, (hourly_pence * minutes + 30) // 60)


def rate_on(kind: ContributionKind, day: date) -> Rate | None:
    return db.session.scalar(
        select(Rate)
        .where(Rate.kind_id == kind.id, Rate.effective_from <= day)
        .order_by(Rate.effective_from.desc())
        .limit(1)
    )


def ensure_default_rate_card() -> int:
    """Add any standard kind (with its starting rate) that is missing. Safe to run again."""
    have = set(db.session.scalars(select(ContributionKind.code)))
    added = 0
    for position, (code, (name, hourly, minimum)) in enumerate(STANDARD_KINDS.items()):
        if code in have:
            continue
        kind = ContributionKind(code=code, name=str(name), position=position)
        kind.rates = [
            Rate(effective_from=STANDARD_RATES_FROM, hourly_pence=hourly, minimum_pence=minimum)
        ]
        db.session.add(kind)
        added += 1
    if added:
        db.session.flush()
        record("rate_card.defaults_added", actor=None, kinds=added)
    return added


def _require_admin(actor) -> None:
    if not actor.has_role(Role.ADMIN):
        raise NotAllowed(_l("Only an admin can change the rate card."))


def set_rate(
    kind: ContributionKind,
    *,
    actor,
    hourly_pence: int,
    minimum_pence: int,
    effective_from: date,
) -> Rate:
    """Give a kind a rate from a date (replacing a rate that starts that same day)."""
    _require_admin(actor)
    if not 0 < hourly_pence <= MAX_HOURLY_PENCE:
        raise DomainError(_l("Enter an hourly rate between £0.01 and £1,000."))
    if not 0 <= minimum_pence <= MAX_HOURLY_PENCE:
        raise DomainError(_l("Enter a minimum payment between £0 and £1,000."))
    rate = db.session.scalar(
        select(Rate).where(Rate.kind_id == kind.id, Rate.effective_from == effective_from)
    )
    before = (rate.hourly_pence, rate.minimum_pence) if rate else None
    if rate is None:
        rate = Rate(kind_id=kind.id, effective_from=effective_from)
        db.session.add(rate)
    rate.hourly_pence, rate.minimum_pence, rate.set_by_id = hourly_pence, minimum_pence, actor.id
    db.session.flush()
    record(
        "rate_card.rate_set",
        actor=actor,
        subject=rate,
        kind=kind.code,
        effective_from=effective_from.isoformat(),
        hourly_pence=hourly_pence,
        minimum_pence=minimum_pence,
        replaced=before,
    )
    return rate


def add_kind(name: str, *, actor, hourly_pence: int, minimum_pence: int, effective_from: date):
    """Add a kind of contribution with its first rate."""
    _require_admin(actor)
    name = name.strip()
    if not name:
        raise DomainError(_l("Give the kind of contribution a name."))
    taken = db.session.scalar(
        select(ContributionKind.id).where(func.lower(ContributionKind.name) == name.lower())
    )
    if taken:
        raise DomainError(_l("There's already a kind with that name."))
    position = (db.session.scalar(select(func.max(ContributionKind.position))) or 0) + 1
    kind = ContributionKind(code=f"custom-{position}", name=name, position=position)
    db.session.add(kind)
    db.session.flush()
    record("rate_card.kind_added", actor=actor, subject=kind, name=name)
    set_rate(
        kind,
        actor=actor,
        hourly_pence=hourly_pence,
        minimum_pence=minimum_pence,
        effective_from=effective_from,
    )
    return kind


def _words(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def _kinds() -> list[ContributionKind]:
    return list(db.session.scalars(select(ContributionKind).order_by(ContributionKind.position)))


def kind_for_text(text: str | None) -> ContributionKind | None:
    """The kind an activity's free-text "kind of contribution" means: one named exactly (by
    code or name), else the one with the longest name inside the text ("youth panel member" is
    a youth panel), else "Something else"."""
    return _kind_among(text, _kinds())


def _kind_among(text: str | None, kinds: list[ContributionKind]) -> ContributionKind | None:
    wanted = _words(text or "")
    names = [
        (name, kind)
        for kind in kinds
        for name in {_words(kind.code), _words(kind.name), _words(kind_name(kind))}
    ]
    for name, kind in names:
        if wanted == name:
            return kind
    inside = [(len(name), kind) for name, kind in names if name and f" {name} " in f" {wanted} "]
    if inside:
        return max(inside, key=lambda found: found[0])[1]
    return next((kind for kind in kinds if kind.code == "other"), None)


# What "What's on" says about pay ------------------------------------------------------------


def pay_settings() -> PaySettings:
    """The programme's pay settings; the defaults (unsaved) until an admin first saves them."""
    return db.session.get(PaySettings, 1) or PaySettings(id=1, show_rates=True)


def set_show_rates(show: bool, *, actor) -> PaySettings:
    """Say whether "What's on" shows a paid role's hourly rate or only that it is paid
    (admins; raises `NotAllowed`)."""
    _require_admin(actor)
    settings = db.session.get(PaySettings, 1)
    if settings is None:
        settings = PaySettings(id=1)
        db.session.add(settings)
    settings.show_rates, settings.updated_at = show, utcnow()
    db.session.flush()
    record("pay_settings.updated", actor=actor, subject=settings, show_rates=show)
    return settings


def hourly_rates_of(activities) -> dict[int, int]:
    """Each paid role's hourly rate (pence) on its day, as its claims would be priced: the kind
    its "kind of contribution" means, at the rate in force that day (London). Empty when the
    programme shows no rates. Three queries however many activities."""
    paid = [activity for activity in activities if activity.is_paid_role]
    if not paid or not pay_settings().show_rates:
        return {}
    kinds = _kinds()
    kind_of = {activity.id: _kind_among(activity.contribution_kind, kinds) for activity in paid}
    day_of = {activity.id: activity.starts_at.astimezone(LONDON).date() for activity in paid}
    rates = defaultdict(list)  # kind id -> its rates, newest first
    for rate in db.session.scalars(
        select(Rate)
        .where(
            Rate.kind_id.in_([kind.id for kind in kind_of.values() if kind is not None]),
            Rate.effective_from <= max(day_of.values()),
        )
        .order_by(Rate.effective_from.desc())
    ):
        rates[rate.kind_id].append(rate)
    found = {}
    for activity_id, kind in kind_of.items():
        in_force = (
            next((r for r in rates[kind.id] if r.effective_from <= day_of[activity_id]), None)
            if kind is not None
            else None
        )
        if in_force is not None:
            found[activity_id] = in_force.hourly_pence
    return found
