"""The period a report is asked for in its address (`?start=&end=`)."""

from datetime import date, timedelta

from flask import flash, request
from flask_babel import gettext as _

from youthhub.core.time import london_today

LONGEST_PERIOD = timedelta(days=366 * 5)


def default_period() -> tuple[date, date]:
    today = london_today()
    start = (today.replace(day=1) - timedelta(days=330)).replace(day=1)
    return start, today


def asked_period() -> tuple[date, date]:
    """The period asked for in `?start=&end=` (ISO dates), or the last twelve months."""
    start, end = default_period()
    asked = request.args.get("start"), request.args.get("end")
    if not any(asked):
        return start, end
    try:
        chosen = tuple(date.fromisoformat((value or "").strip()[:10]) for value in asked)
    except ValueError:
        flash(_("Enter dates like 2026-04-01. Showing the last twelve months."), "error")
        return start, end
    if chosen[0] > chosen[1] or chosen[1] - chosen[0] > LONGEST_PERIOD:
        flash(_("Choose a start before the end, up to five years apart."), "error")
        return start, end
    return chosen
