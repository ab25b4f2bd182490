"""Paid contributions: how many young people were paid, for how many hours, how much in each
UK tax year and by each way of paying, and how many chose to say no, take less or give their
pay to charity. Never one person's money: a total is hidden whenever the number of young
people it covers is (`core.small_numbers.hidden_with`)."""

from datetime import date, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_, select, text

from youthhub.core.buckets import side_by_side
from youthhub.core.small_numbers import count, hidden_with
from youthhub.core.templating import format_money
from youthhub.extensions import db
from youthhub.payments.labels import METHOD_NAMES
from youthhub.payments.models import (
    MADE_A_CHOICE,
    CancelReason,
    ClaimStatus,
    Contribution,
    Payment,
    PaymentChoice,
    PaymentMethod,
)
from youthhub.reports.monitoring.buckets import slice_of
from youthhub.reports.monitoring.figures import Figure, Section, Table
from youthhub.reports.monitoring.period import TAX_YEAR_START, Period, tax_year_start

THIS, BEFORE = 0, 1
NOT_GOING_AHEAD = (ClaimStatus.CANCELLED, ClaimStatus.REJECTED)
Days = tuple[date, date]  # first day, day after the last


def _days(period: Period) -> Days:
    return period.start, period.end + timedelta(days=1)


def _tax_year_days(period: Period) -> list[Days]:
    """Each tax year the period touches, cut to the period."""
    days = []
    for start in period.tax_years():
        after = date(start.year + 1, *TAX_YEAR_START)
        days.append((max(start, period.start), min(after, period.end + timedelta(days=1))))
    return days


def _kept_sums():
    """The minutes paid for and the money kept, added up."""
    return (
        func.coalesce(func.sum(Payment.minutes), 0),
        func.coalesce(func.sum(Payment.amount_pence - Payment.reversed_pence), 0),
    )


def _in(low: date, after: date):
    return Payment.paid_on >= low, Payment.paid_on < after


def _paid(edges: list[Days]) -> list[tuple[int, int, int]]:
    """For each slice of `edges`: (young people, minutes, pence kept) of the payments made on a
    day in it that reached the young people (not given to charity), in one query.

    From the payments alone, each slice its own read of their index: a payment keeps the
    minutes it paid for, and a young person's first payment in a slice is the one whose payment
    before is older, so people are counted as the rows go by. (Grouping the period's payments by
    slice, and people by distinct count, sorted them all: 2.5 times as long on SQLite.)"""
    parts = []
    for low, after in edges:
        before = Payment.previous_paid_on
        first_of_theirs = or_(before.is_(None), before < low)
        parts.append(
            select(func.count().filter(first_of_theirs), *_kept_sums())
            .where(*_in(low, after), Payment.method != PaymentMethod.DONATED)
            .subquery()
        )
    row = db.session.execute(side_by_side(parts)).one()
    return [
        tuple(int(value) for value in row[3 * index : 3 * index + 3]) for index in range(len(parts))
    ]


def _paid_by_method(low: date, after: date) -> dict[PaymentMethod, tuple[int, int, int]]:
    """Way of paying -> (young people, minutes, pence kept) of the payments made from `low`
    until `after`, read as `_paid` reads a slice (first of theirs made that way)."""
    before = Payment.previous_same_way_on
    query = (
        select(
            Payment.method,
            func.count().filter(or_(before.is_(None), before < low)),
            *_kept_sums(),
        )
        .where(*_in(low, after))
        .group_by(Payment.method)
    )
    return {
        PaymentMethod(method): (people, int(minutes), int(kept))
        for method, people, minutes, kept in db.session.execute(query)
    }


def _chose(edges: list[Days]) -> dict[int, tuple[int, int, int]]:
    """slice -> young people who said no to payment, took less, gave it to charity, for work
    done in each slice, in one grouped query over only the claims that made one of those
    choices (few of them: the rest could only have been sorted and left uncounted)."""
    going_ahead = Contribution.status.not_in(NOT_GOING_AHEAD)
    choices = (
        and_(
            Contribution.status == ClaimStatus.CANCELLED,
            Contribution.cancel_reason == CancelReason.DECLINED,
        ),
        and_(going_ahead, Contribution.wanted_pence.is_not(None)),
        and_(going_ahead, Contribution.payment_choice == PaymentChoice.DONATE),
    )
    each = (
        select(
            slice_of(Contribution.work_date, edges).label("slice"),
            Contribution.person_id.label("person_id"),
            *(case((choice, 1), else_=0).label(f"choice_{n}") for n, choice in enumerate(choices)),
        )
        .where(
            Contribution.work_date >= min(low for low, _after in edges),
            Contribution.work_date < max(after for _low, after in edges),
            text(MADE_A_CHOICE),  # what the partial index holds: the statuses are asked below
            or_(*choices),
        )
        .subquery()
    )

    def people(flag):
        return func.count(func.distinct(case((flag == 1, each.c.person_id))))

    query = select(
        each.c.slice, *(people(each.c[f"choice_{n}"]) for n in range(len(choices)))
    ).group_by(each.c.slice)
    return {row[0]: tuple(row[1:]) for row in db.session.execute(query) if row[0] is not None}


def _cells(found, limit):
    """(young people, hours, money) with the hours and money hidden with the people."""
    people, minutes, kept = found or (0, 0, 0)
    cell = count(people, limit)
    return cell, hidden_with(cell, minutes / 60), hidden_with(cell, format_money(kept))


def _days_label(low: date, after: date) -> str:
    last = after - timedelta(days=1)
    return _(
        "%(first)s to %(last)s",
        first=format_date(low, "d MMM yyyy"),
        last=format_date(last, "d MMM yyyy"),
    )


def _tax_year_label(day: date) -> str:
    first = tax_year_start(day).year
    return _("%(first)d to %(last)d", first=first, last=first + 1)


def section(period: Period, limit: int) -> Section:
    both = [_days(period), _days(period.previous)]
    paid = _paid(both)
    now, then = _cells(paid[THIS], limit), _cells(paid[BEFORE], limit)
    tax_years = _tax_year_days(period)
    by_tax_year = _paid(tax_years)
    by_method = _paid_by_method(*both[THIS])
    chose = _chose(both)
    chose_now, chose_then = chose.get(THIS, (0, 0, 0)), chose.get(BEFORE, (0, 0, 0))
    figures = (
        Figure(_("Young people paid"), now[0], then[0]),
        Figure(_("Hours paid for"), now[1], then[1]),
        Figure(_("Paid to young people"), now[2], then[2]),
    )
    choices = (
        _("Said no to payment"),
        _("Took less than the claim was worth"),
        _("Gave their pay to charity"),
    )
    return Section(
        key="money",
        title=_("Paid contributions"),
        figures=figures,
        notes=(
            _(
                "Money paid counts payments by the day they were made, less anything taken back; "
                "money given to charity is not counted as paid to young people."
            ),
        ),
        tables=(
            Table(
                key="paid-by-tax-year",
                caption=_("Paid to young people, by UK tax year (from 6 April)"),
                headings=(
                    _("Tax year"),
                    _("Days in the period"),
                    _("Young people paid"),
                    _("Hours paid for"),
                    _("Paid"),
                ),
                rows=tuple(
                    (
                        _tax_year_label(low),
                        _days_label(low, after),
                        *_cells(by_tax_year[index], limit),
                    )
                    for index, (low, after) in enumerate(tax_years)
                ),
            ),
            Table(
                key="paid-by-method",
                caption=_("Payments in the period, by how they were made"),
                headings=(_("How"), _("Young people"), _("Hours paid for"), _("Amount")),
                rows=tuple(
                    (str(name), *_cells(by_method.get(method), limit))
                    for method, name in METHOD_NAMES.items()
                ),
            ),
            Table(
                key="payment-choices",
                caption=_("Young people's choices about their pay, for work done in the period"),
                headings=(_("Choice"), _("Young people"), _("Young people, the period before")),
                rows=tuple(
                    (choice, count(chose_now[index], limit), count(chose_then[index], limit))
                    for index, choice in enumerate(choices)
                ),
            ),
        ),
    )
