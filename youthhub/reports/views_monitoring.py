"""The monitoring page for admins and evaluators: numbers only, small ones hidden."""

from flask import Blueprint, Response, abort, current_app, render_template, request
from flask_babel import gettext as _

from youthhub.accounts.models import Role
from youthhub.core import small_numbers
from youthhub.core.access import roles
from youthhub.core.csv import csv_stream
from youthhub.core.heavy import heavy
from youthhub.core.i18n import chosen_language
from youthhub.reports import board
from youthhub.reports.asked import asked_period
from youthhub.reports.monitoring import drawing, sections
from youthhub.reports.monitoring.figures import Table
from youthhub.reports.monitoring.period import Period

blueprint = Blueprint(
    "monitoring", __name__, url_prefix="/manage/monitoring", template_folder="templates"
)
MONITORING_READERS = (Role.ADMIN, Role.EVALUATOR)

blueprint.add_app_template_filter(drawing.draw, "drawn")
blueprint.add_app_template_test(lambda value: isinstance(value, small_numbers.Cell), "count_cell")


def _period() -> Period:
    return Period(*asked_period())


@blueprint.get("")
@roles(*MONITORING_READERS)
@heavy
def page():
    period, limit = _period(), small_numbers.threshold()
    return render_template(
        "reports/monitoring.html",
        period=period,
        threshold=limit,
        sections=sections.build(period, limit),
    )


@blueprint.get("/board.pdf")
@roles(*MONITORING_READERS)
@heavy
def board_report():
    """The board's report as a PDF, in the language asked for (`?lang=cy`) or the page's."""
    period, limit = _period(), small_numbers.threshold()
    language = request.args.get("lang") or chosen_language()
    if language not in current_app.config["LANGUAGES"]:
        language = "en"
    pdf = board.board_pdf(period, limit, language=language)
    name = f"board-report-{period.start}-to-{period.end}-{language}.pdf"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@blueprint.get("/<section_key>/<table_key>.csv")
@roles(*MONITORING_READERS)
def table_csv(section_key, table_key):
    period, limit = _period(), small_numbers.threshold()
    section = sections.find(section_key, period, limit)
    table = section.table(table_key) if section else None
    if table is None:
        abort(404)
    # Its rows are counts by category (a handful whatever the period), written as a report's
    # CSV is: streamed.
    name = f"{table.key}-{period.start}-to-{period.end}.csv"
    return csv_stream(lambda: csv_rows(table, limit), name)


def csv_rows(table: Table, limit: int) -> list[list]:
    small, hidden = _("fewer than %(num)d", num=limit), _("hidden")

    def cell(value):
        if isinstance(value, small_numbers.Cell):
            return small_numbers.text(value, small, hidden)
        return value

    return [list(table.headings)] + [[cell(value) for value in row] for row in table.rows]
