"""Staff reports: the activity table (on screen and CSV) and a young person's attendance."""

from datetime import date, timedelta

from flask import Blueprint, abort, flash, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role, User
from youthhub.activities import queries as activity_queries
from youthhub.core.access import roles
from youthhub.core.access_log import looked_at
from youthhub.core.csv import csv_download
from youthhub.core.time import london_today
from youthhub.extensions import db
from youthhub.reports import activity_table
from youthhub.reports.csv_export import activity_table_rows

blueprint = Blueprint(
    "reports", __name__, url_prefix="/manage/reports", template_folder="templates"
)
REPORT_READERS = (Role.YOUTH_WORKER, Role.ADMIN)
LONGEST_PERIOD = timedelta(days=366 * 5)


def _default_period() -> tuple[date, date]:
    today = london_today()
    start = (today.replace(day=1) - timedelta(days=330)).replace(day=1)
    return start, today


def _period() -> tuple[date, date]:
    """The period asked for in `?start=&end=` (ISO dates), or the last twelve months."""
    start, end = _default_period()
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


@blueprint.get("/activities")
@roles(*REPORT_READERS)
def activities():
    start, end = _period()
    return render_template("reports/activity_table.html", table=activity_table.build(start, end))


@blueprint.get("/activities.csv")
@roles(*REPORT_READERS)
def activities_csv():
    start, end = _period()
    return csv_download(
        activity_table_rows(activity_table.build(start, end)),
        f"activity-table-{start}-to-{end}.csv",
    )


@blueprint.get("/people/<id:user_id>/attendance")
@roles(*REPORT_READERS)
def attendance(user_id):
    person = db.session.get(User, user_id)
    if person is None or not person.is_young_person:
        abort(404)
    looked_at(person.id, "attendance", viewer=current_user)
    upcoming, past = activity_queries.my_activities(person)
    return render_template(
        "reports/attendance.html",
        person=person,
        upcoming=upcoming,
        past=past,
        came=sum(1 for item in past if item.attended),
        missed=sum(1 for item in past if item.attended is False),
    )
