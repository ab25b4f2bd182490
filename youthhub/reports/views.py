"""Staff reports: the activity table (detailed, and in a programme's own shape; on screen and
CSV) and a young person's attendance."""

import calendar
import re
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from youthhub.accounts.models import Role, User
from youthhub.activities import past
from youthhub.activities import queries as activity_queries
from youthhub.core.access import roles
from youthhub.core.access_log import looked_at
from youthhub.core.csv import csv_stream
from youthhub.core.heavy import heavy
from youthhub.core.transaction import refused_shows
from youthhub.extensions import db
from youthhub.reports import activity_table
from youthhub.reports.asked import asked_period, default_period
from youthhub.reports.csv_export import activity_table_rows, summary_rows
from youthhub.reports.forms import PastActivitiesForm
from youthhub.reports.labels import breakdown, who_attended_text
from youthhub.support import queries as support_queries

blueprint = Blueprint(
    "reports", __name__, url_prefix="/manage/reports", template_folder="templates"
)
REPORT_READERS = (Role.YOUTH_WORKER, Role.ADMIN)
LONGEST_MONTHS = 120
EARLIEST_YEAR = 1990
MONTH = re.compile(r"(\d{4})-(\d{1,2})")


blueprint.add_app_template_filter(who_attended_text, "who_attended")
blueprint.add_app_template_filter(breakdown, "breakdown")


def _with_month(template: str, start: date, end: date, **context):
    """A report page of month totals, with the rows of the month in `?month=` (e.g. 2026-03)."""
    asked = request.args.get("month")
    month = _month(asked, last_day=False)
    table = activity_table.build(start, end, rows_of=month)
    shown = table.month(month)
    if asked and shown is None:
        flash(_("That month isn't in this period: choose one from the table."), "error")
    return render_template(template, table=table, shown=shown, **context)


def _streamed(make_rows, start: date, end: date, filename: str):
    """Every row of the period's table, written as it is read (`core.csv.csv_stream`)."""
    return csv_stream(lambda: make_rows(activity_table.build(start, end, rows_of=None)), filename)


@blueprint.get("/activities")
@roles(*REPORT_READERS)
@heavy
def activities():
    start, end = asked_period()
    return _with_month("reports/activity_table.html", start, end)


@blueprint.get("/activities.csv")
@roles(*REPORT_READERS)
def activities_csv():
    start, end = asked_period()
    return _streamed(activity_table_rows, start, end, f"activity-table-{start}-to-{end}.csv")


def _month(value: str | None, *, last_day: bool) -> date | None:
    """`2022-03` as its first (or last) day; None if it is not a month."""
    found = MONTH.fullmatch((value or "").strip()[:10])
    if not found:
        return None
    year, month = map(int, found.groups())
    if not (EARLIEST_YEAR <= year <= 9998 and 1 <= month <= 12):
        return None
    return date(year, month, calendar.monthrange(year, month)[1] if last_day else 1)


def _months() -> tuple[date, date]:
    """The months asked for in `?start=&end=` (e.g. 2022-03), both whole, or the last twelve."""
    start, end = default_period()
    asked = request.args.get("start"), request.args.get("end")
    if not any(asked):
        return start, end
    chosen = _month(asked[0], last_day=False), _month(asked[1], last_day=True)
    if None in chosen:
        flash(_("Enter months like 2022-03. Showing the last twelve months."), "error")
        return start, end
    span = (chosen[1].year - chosen[0].year) * 12 + chosen[1].month - chosen[0].month
    if not 0 <= span < LONGEST_MONTHS:
        flash(_("Choose a first month before the last, up to ten years apart."), "error")
        return start, end
    return chosen


@blueprint.get("/activities/summary")
@roles(*REPORT_READERS)
@heavy
def summary():
    start, end = _months()
    return _with_month(
        "reports/summary.html",
        start,
        end,
        may_import=past.may_import_past_activities(current_user),
    )


@blueprint.get("/activities/summary.csv")
@roles(*REPORT_READERS)
def summary_csv():
    start, end = _months()
    return _streamed(summary_rows, start, end, f"activities-{start:%Y-%m}-to-{end:%Y-%m}.csv")


@blueprint.route("/import", methods=["GET", "POST"])
@roles(Role.ADMIN)
def import_past():
    """Preview a CSV of past activities row by row, then (confirmed) add them."""
    form = PastActivitiesForm()
    if not form.validate_on_submit():
        return _import_page(form)
    refused_shows(lambda: _import_page(form))
    if not form.confirm.data:
        return _import_page(form, rows=past.read_past_activities(form.text.data))
    added, already, refused = past.import_past_activities(form.text.data, actor=current_user)
    flash(_imported_message(added, already, refused), "success")
    return redirect(url_for("reports.summary"))


def _import_page(form, rows=None):
    return render_template("reports/import.html", form=form, rows=rows)


def _imported_message(added: int, already: int, refused: int) -> str:
    parts = [ngettext("%(num)d past activity added.", "%(num)d past activities added.", added)]
    if already:
        parts.append(ngettext("%(num)d was already here.", "%(num)d were already here.", already))
    if refused:
        parts.append(
            ngettext("%(num)d row couldn't be added.", "%(num)d rows couldn't be added.", refused)
        )
    return " ".join(parts)


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
        support=support_queries.panel(person, current_user),
    )
