"""Equality monitoring: of the young people who came (known by name), how many gave each answer
to each of the optional "About you" questions, this period and the one before. Counts only:
the answers are read through `accounts.equality.tally`, which never says who gave which, and
every count is a part of the number who came, hidden by the shared small-numbers rule."""

from collections import Counter

from flask_babel import gettext as _

from youthhub.accounts.equality import NOT_ANSWERED, tally
from youthhub.accounts.equality_questions import QUESTIONS, Question
from youthhub.core.small_numbers import parts_of
from youthhub.reports.monitoring import came
from youthhub.reports.monitoring.figures import Figure, Section, Table
from youthhub.reports.monitoring.period import Period


def _counted(question: Question, counts: Counter) -> list[int]:
    """How many gave each answer the monitoring counts (ethnicity by its five groups), then
    how many did not answer."""
    grouped = Counter()
    for code, number in counts.items():
        grouped[NOT_ANSWERED if code is NOT_ANSWERED else question.group_of(code)] += number
    return [grouped[code] for code, _words in question.counted_as] + [grouped[NOT_ANSWERED]]


def _table(question: Question, came_now: int, came_before: int, now, before, limit) -> Table:
    total_now, parts_now = parts_of(came_now, _counted(question, now[question.key]), limit)
    total_before, parts_before = parts_of(
        came_before, _counted(question, before[question.key]), limit
    )
    labels = [str(words) for _code, words in question.counted_as] + [_("Not answered")]
    rows = [
        (label, part_now, part_before)
        for label, part_now, part_before in zip(labels, parts_now, parts_before, strict=True)
    ]
    rows.append((_("All young people who came"), total_now, total_before))
    return Table(
        key=f"equality-{question.key.replace('_', '-')}",
        caption=str(question.label),
        headings=(_("Answer"), _("This period"), _("The period before")),
        rows=tuple(rows),
    )


def section(period: Period, limit: int) -> Section:
    previous = period.previous
    now, before = tally(
        came.who_came(period, period.low, period.high),
        came.who_came(period, previous.low, previous.high),
    )
    (came_now, (answered_now, _none)), (came_before, (answered_before, _none)) = (
        parts_of(counted.people, (counted.answered, counted.people - counted.answered), limit)
        for counted in (now, before)
    )
    return Section(
        key="equality",
        title=_("Equality monitoring"),
        figures=(
            Figure(_("Young people who came (known by name)"), came_now, came_before),
            Figure(
                _("Of those, answered at least one “About you” question"),
                answered_now,
                answered_before,
            ),
        ),
        tables=tuple(
            _table(question, now.people, before.people, now.counts, before.counts, limit)
            for question in QUESTIONS
        ),
        notes=(
            _(
                "Young people answer these questions only if they choose to, from their "
                "profile, and may change or remove their answers at any time. “Prefer not to "
                "say” is an answer; “Not answered” is everyone who came and skipped the "
                "question or has given no answers. Ages are as the young person gave them."
            ),
        ),
    )
