"""Equality monitoring answers: optional, self-declared, special category data (UK GDPR article 9).

They are stored apart from the profile, one row per young person, and only two things ever read
them: the young person's own pages (their form, their download) and `tally`, which gives the
monitoring counts of answers and never says who gave which. No staff page, list or export reads
this table (`tests/accounts/test_equality_privacy.py` holds that). The audit log says that
answers were saved or removed, never what they were.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    CompoundSelect,
    ForeignKey,
    Select,
    String,
    func,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column

from youthhub.accounts.equality_questions import QUESTION_KEYS, QUESTIONS
from youthhub.accounts.models import User
from youthhub.core.audit import record
from youthhub.core.buckets import side_by_side
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import UTCDateTime, utcnow
from youthhub.extensions import db

ANSWER_LENGTH = 40


class EqualityAnswers(db.Model):
    """One young person's answers; each column holds a code from `equality_questions`, or
    nothing for a question they have not answered."""

    __tablename__ = "equality_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    age_band: Mapped[str | None] = mapped_column(String(ANSWER_LENGTH))
    ethnicity: Mapped[str | None] = mapped_column(String(ANSWER_LENGTH))
    gender: Mapped[str | None] = mapped_column(String(ANSWER_LENGTH))
    disability: Mapped[str | None] = mapped_column(String(ANSWER_LENGTH))
    care_status: Mapped[str | None] = mapped_column(String(ANSWER_LENGTH))
    parent: Mapped[str | None] = mapped_column(String(ANSWER_LENGTH))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def answers(self) -> dict[str, str | None]:
        return {key: getattr(self, key) for key in QUESTION_KEYS}


def _check_own(person: User, actor: User) -> None:
    if actor.id != person.id or not person.is_young_person:
        raise NotAllowed(_l("Only the young person themselves can see or change these answers."))


def answers_of(person: User, *, actor: User) -> EqualityAnswers | None:
    """The person's own answers, for their own eyes only; raises NotAllowed for anyone else."""
    _check_own(person, actor)
    return _row(person.id)


def _row(person_id: int) -> EqualityAnswers | None:
    return db.session.scalar(select(EqualityAnswers).where(EqualityAnswers.person_id == person_id))


def save_answers(person: User, answers: dict[str, str | None], *, actor: User) -> None:
    """Keep the person's answers (a question left out or empty is not answered). Answering
    nothing at all keeps nothing. Raises NotAllowed for anyone but the person, DomainError for
    an answer not on the list."""
    _check_own(person, actor)
    chosen = {key: answers.get(key) or None for key in QUESTION_KEYS}
    for question in QUESTIONS:
        if chosen[question.key] is not None and chosen[question.key] not in question.codes:
            raise DomainError(_l("Choose an answer from the list, or skip the question."))
    row = _row(person.id)
    if not any(chosen.values()):
        if row is not None:
            db.session.delete(row)
        record("equality.answers_saved", actor=actor, subject=person, answered=0)
        return
    if row is None:
        row = EqualityAnswers(person_id=person.id)
        db.session.add(row)
    for key, code in chosen.items():
        setattr(row, key, code)
    row.updated_at = utcnow()
    # How many questions were answered, never which answers: the log is no place for them.
    answered = sum(1 for code in chosen.values() if code)
    record("equality.answers_saved", actor=actor, subject=person, answered=answered)


def remove_answers(person: User, *, actor: User) -> None:
    """Delete every answer the person gave. Raises NotAllowed for anyone but the person,
    DomainError when there is nothing to remove."""
    _check_own(person, actor)
    row = _row(person.id)
    if row is None:
        raise DomainError(_l("There are no answers to remove."))
    db.session.delete(row)
    record("equality.answers_removed", actor=actor, subject=person)


NOT_ANSWERED = None


@dataclass(frozen=True)
class Tally:
    """What a group of young people answered, counted: never who gave which answer."""

    people: int  # how many young people the group holds
    answered: int  # how many of them have any answers kept
    counts: dict[str, Counter]  # question key: Counter({code: how many, NOT_ANSWERED: ...})


def _codes() -> list[tuple[str, str]]:
    """(question key, code) for every answer any question offers."""
    return [(question.key, code) for question in QUESTIONS for code in sorted(question.codes)]


def _counting(groups: tuple[Select | CompoundSelect, ...], codes: list[tuple[str, str]]):
    """One statement and one row: for each group, how many gave any answers, how many gave each
    of `codes`, and how many people the group holds.

    Each group's answers are read once and each is counted under every code it matches
    (`FILTER`), not grouped once per question: on SQLite a GROUP BY sorts, and six of them over
    a year's answers took ~60 ms at a region's scale."""
    parts = []
    for index, group in enumerate(groups):
        people = group.cte(f"group_{index}")
        answers = (
            select(EqualityAnswers)
            .where(EqualityAnswers.person_id.in_(select(people.c[0])))
            .subquery(f"answers_{index}")
        )
        counts = [func.count().filter(answers.c[key] == code) for key, code in codes]
        size = select(func.count()).select_from(people).scalar_subquery()
        parts.append(select(func.count(), *counts, size).select_from(answers).subquery())
    return side_by_side(parts)


def tally(*groups: Select | CompoundSelect) -> list[Tally]:
    """For each group of young people (a query of their ids, each id once), how many gave each
    answer to each question, in one statement: the database counts, so neither the answers nor
    the people are read out (a year's ~13,000 answers and the ~6,000 and ~4,000 ids of who came
    were read and counted in Python: ~75 ms of a monitoring page at a region's scale)."""
    codes = _codes()
    row = db.session.execute(_counting(groups, codes)).one()
    width = len(codes) + 2  # each group's columns: answered, one per code, its size
    tallies = []
    for start in range(0, len(row), width):
        answered, *numbers, size = row[start : start + width]
        found = {key: Counter() for key in QUESTION_KEYS}
        for (key, code), number in zip(codes, numbers, strict=True):
            if number:
                found[key][code] = number
        for key in QUESTION_KEYS:
            # Those who gave no answers, and those who skipped this one.
            found[key][NOT_ANSWERED] = size - sum(found[key].values())
        tallies.append(Tally(size, answered, found))
    return tallies
