"""Past activities from a programme's own table (a CSV): read every row, say what each will
become or why it can't, then add them.

A row is a headcount: how many attended (with, optionally, how many of them were professionals
and guests) and the programme's own words for who attended, kept as written, since nobody's
name is known. Each row's fingerprint (its values, and how many identical rows came before it
in the file) is kept, so importing the same file again adds nothing twice.
"""

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from babel.dates import get_month_names
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from youthhub.accounts.models import Role, User
from youthhub.activities.labels import KIND_NAMES
from youthhub.activities.models import Activity, ActivityKind
from youthhub.activities.register import MAX_HEADCOUNT
from youthhub.core.audit import record
from youthhub.core.errors import DomainError, NotAllowed
from youthhub.core.time import LONDON, london_today, utcnow
from youthhub.extensions import db

MAX_ROWS = 2000
MAX_TITLE = 120
MAX_WORDS = 80
#: What each column may be headed (lower case, without spaces or punctuation around).
HEADINGS = {
    "date": ("date", "month", "when"),
    "title": ("activity", "event/activity/workshop sessions", "event", "title", "name"),
    "attended": ("attended", "number attended", "how many attended"),
    "who": ("who attended", "who"),
    "professionals": ("professionals",),
    "guests": ("guests",),
    "kind": ("kind", "type"),
}


def _month_words() -> dict[str, int]:
    """Month names a programme's own table may use, in English or Welsh, whole or short
    ("March", "Mar", "Sept", "Mawrth", "Maw"), lower case: from CLDR, as the app shows them."""
    words = {"sept": 9}
    for locale in ("en", "cy"):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                names = get_month_names(width, context, locale)
                words.update({name.lower().rstrip("."): n for n, name in names.items()})
    return words


MONTHS = _month_words()
# 24th (English); 1af, 2il, 3ydd, 5ed, 7fed, 11eg, 21ain (Welsh).
ORDINAL = re.compile(r"(\d+)(st|nd|rd|th|af|il|ydd|fed|ed|eg|ain)\b")


@dataclass
class PastRow:
    """One row as it will be saved, or the reasons it can't be."""

    line: int
    day: date | None = None
    month_only: bool = False
    title: str = ""
    attended: int | None = None
    who: str = ""
    professionals: int = 0
    guests: int = 0
    kind: ActivityKind = ActivityKind.OTHER
    errors: list = field(default_factory=list)
    key: str = ""
    already_imported: bool = False

    @property
    def will_be_added(self) -> bool:
        return not self.errors and not self.already_imported

    @property
    def young_people(self) -> int:
        return (self.attended or 0) - self.professionals - self.guests


def _read_day(text: str) -> tuple[date | None, bool]:
    """A day (2024-01-24, 24/01/2024, 24th January 2024) or a month (March 2022, 2022-03):
    the day, and whether only the month was given."""
    text = ORDINAL.sub(r"\1", text.strip().lower().replace(",", " "))
    try:
        return date.fromisoformat(text), False
    except ValueError:
        pass
    if found := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text):
        day, month, year = map(int, found.groups())
        try:
            return date(year, month, day), False
        except ValueError:
            return None, False
    if found := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = map(int, found.groups())
        return (date(year, month, 1), True) if 1 <= month <= 12 else (None, False)
    words = text.split()
    if len(words) == 3 and words[0].isdigit() and words[1] in MONTHS and words[2].isdigit():
        try:
            return date(int(words[2]), MONTHS[words[1]], int(words[0])), False
        except ValueError:
            return None, False
    if len(words) == 2 and words[0] in MONTHS and words[1].isdigit():
        return date(int(words[1]), MONTHS[words[0]], 1), True
    return None, False


def _whole_number(text: str, *, blank=None) -> int | None:
    text = text.strip()
    if not text:
        return blank
    return int(text) if text.isdigit() and int(text) <= MAX_HEADCOUNT else None


def _kind(text: str) -> ActivityKind | None:
    text = text.strip().lower()
    if not text:
        return ActivityKind.OTHER
    for kind in ActivityKind:
        if text in (kind.value, kind.value.replace("_", " "), str(KIND_NAMES[kind]).lower()):
            return kind
    return None


def _columns(heading: list[str]) -> dict[str, int]:
    named = [cell.strip().lower() for cell in heading]
    return {
        column: named.index(name)
        for column, names in HEADINGS.items()
        for name in names
        if name in named
    }


def _check(row: PastRow, cells: dict[str, str], last_day) -> None:
    date_text = cells.get("date", "")
    if date_text.strip():
        row.day, row.month_only = _read_day(date_text)
        if row.day is None:
            row.errors.append(_l("Give the date or month like 2024-01-24 or March 2022."))
    elif last_day is not None:  # a blank date is the one above, as in a spreadsheet
        row.day, row.month_only = last_day
    else:
        row.errors.append(_l("Give the date or month like 2024-01-24 or March 2022."))
    if row.day is not None and row.day > london_today():
        row.errors.append(_l("This date is still to come: add coming activities as activities."))
    row.title = " ".join(cells.get("title", "").split())
    if not row.title:
        row.errors.append(_l("Give the activity's name."))
    elif len(row.title) > MAX_TITLE:
        row.errors.append(_l("The activity's name is too long: 120 characters at most."))
    row.attended = _whole_number(cells.get("attended", ""))
    if row.attended is None:
        row.errors.append(_l("Give how many attended as a whole number from 0 to 10000."))
    row.who = " ".join(cells.get("who", "").split())
    if len(row.who) > MAX_WORDS:
        row.errors.append(_l("Who attended is too long: 80 characters at most."))
    professionals = _whole_number(cells.get("professionals", ""), blank=0)
    guests = _whole_number(cells.get("guests", ""), blank=0)
    if professionals is None or guests is None:
        row.errors.append(
            _l("Give professionals and guests as whole numbers, or leave them empty.")
        )
    else:
        row.professionals, row.guests = professionals, guests
        if row.attended is not None and row.young_people < 0:
            row.errors.append(_l("Professionals and guests are more than the number who attended."))
    kind = _kind(cells.get("kind", ""))
    if kind is None:
        row.errors.append(_l("We don't know that kind: leave it empty or use one from the list."))
    else:
        row.kind = kind


def _fingerprint(row: PastRow, seen: dict[str, int]) -> str:
    values = "|".join(
        str(value)
        for value in (
            row.day,
            row.month_only,
            row.title.lower(),
            row.attended,
            row.who.lower(),
            row.professionals,
            row.guests,
            row.kind.value,
        )
    )
    seen[values] = seen.get(values, 0) + 1
    return hashlib.sha256(f"{values}|{seen[values]}".encode()).hexdigest()


def read_past_activities(text: str) -> list[PastRow]:
    """Every row of the CSV `text`, checked, as it will be saved. Raises `DomainError` if the
    file itself can't be read (no heading we know, or too many rows)."""
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    lines = [cells for cells in lines if any(cell.strip() for cell in cells)]
    if not lines:
        raise DomainError(_l("The file is empty. Choose a CSV with a heading row."))
    columns = _columns(lines[0])
    if not {"date", "title", "attended"} <= columns.keys():
        raise DomainError(
            _l("The first row must name the columns: date, activity, attended, who attended.")
        )
    if len(lines) - 1 > MAX_ROWS:
        raise DomainError(_l("That's more than 2000 rows. Split the file and import each part."))
    rows, seen, last_day = [], {}, None
    for line, cells in enumerate(lines[1:], start=2):
        row = PastRow(line)
        named = {
            name: cells[index] if index < len(cells) else "" for name, index in columns.items()
        }
        _check(row, named, last_day)
        if row.day is not None:
            last_day = row.day, row.month_only
        if not row.errors:
            row.key = _fingerprint(row, seen)
        rows.append(row)
    keys = [row.key for row in rows if row.key]
    known = set(
        db.session.scalars(select(Activity.import_key).where(Activity.import_key.in_(keys)))
    )
    for row in rows:
        row.already_imported = row.key in known
    return rows


def _midday(day: date) -> datetime:
    return datetime.combine(day, time(12)).replace(tzinfo=LONDON).astimezone(UTC)


def may_import_past_activities(person: User) -> bool:
    return person.has_role(Role.ADMIN)


def import_past_activities(text: str, *, actor: User) -> tuple[int, int, int]:
    """Add the rows of the CSV `text` that can be added and aren't already: as held activities
    whose register is a headcount. Returns how many were added, already there, and refused.
    Raises `NotAllowed` unless `actor` is an admin, and `DomainError` as `read_past_activities`."""
    if not may_import_past_activities(actor):
        raise NotAllowed(_l("Only an admin can do that."))
    rows = read_past_activities(text)
    added = [row for row in rows if row.will_be_added]
    now = utcnow()
    for row in added:
        starts = _midday(row.day)
        db.session.add(
            Activity(
                title=row.title,
                description="",
                kind=row.kind,
                starts_at=starts,
                ends_at=starts,
                audience_csv="",
                professionals_count=row.professionals,
                guests_count=row.guests,
                unnamed_young_people=row.young_people,
                stated_who_attended=row.who or None,
                import_key=row.key,
                register_taken_at=now,
                created_by_id=actor.id,
                created_at=now,
            )
        )
    db.session.flush()
    already = sum(row.already_imported for row in rows)
    refused = sum(bool(row.errors) for row in rows)
    record("activities.imported", actor=actor, added=len(added), already=already, refused=refused)
    return len(added), already, refused
