"""Staff pages for goals: a worker's shared goals, comments and "get in touch" requests, and the
"distance travelled" report (numbers only, small numbers hidden)."""

from datetime import timedelta

from flask import Blueprint, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role
from youthhub.core.access import roles
from youthhub.core.access_log import looked_at
from youthhub.core.csv import csv_download
from youthhub.core.forms import ConfirmForm, button_action, form_action
from youthhub.core.time import london_today
from youthhub.goals import charts, queries, report, services, services_ratings
from youthhub.goals.forms import CommentForm, ReportForm

blueprint = Blueprint(
    "goals_manage", __name__, url_prefix="/manage/goals", template_folder="templates"
)


@blueprint.get("/shared")
@roles(Role.YOUTH_WORKER)
def shared():
    return render_template(
        "goals/manage/shared.html",
        shared=queries.shared_goals(current_user),
        may_mark_handled=services_ratings.may_mark_handled,
        confirm=ConfirmForm(),
    )


def _render_shared_goal(goal_id, form):
    page = queries.shared_goal_page(current_user, goal_id) or abort(404)
    looked_at(page.goal.owner_id, "shared_goal", viewer=current_user, subject_id=page.goal.id)
    return render_template(
        "goals/manage/goal.html",
        page=page,
        may_comment=services.may_comment(page.goal, actor=current_user),
        form=form,
        chart=charts.line_chart(page.history),
    )


@blueprint.get("/shared/<id:goal_id>")
@roles(Role.YOUTH_WORKER)
def shared_goal(goal_id):
    return _render_shared_goal(goal_id, CommentForm())


@blueprint.post("/shared/<id:goal_id>/comments")
@roles(Role.YOUTH_WORKER)
def comment(goal_id):
    goal = queries.shared_goal(current_user, goal_id) or abort(404)
    form = CommentForm()
    return form_action(
        form,
        lambda: services.comment_on_goal(goal, form.body.data, actor=current_user),
        done=_("Comment added. They'll see it on their goal."),
        then=url_for("goals_manage.shared_goal", goal_id=goal.id),
        page=lambda: _render_shared_goal(goal_id, form),
    )


@blueprint.post("/contact-requests/<id:request_id>/done")
@roles(Role.YOUTH_WORKER)
def contact_done(request_id):
    contact = queries.contact_request_for(current_user, request_id) or abort(404)
    return button_action(
        lambda: services_ratings.mark_contact_handled(contact, actor=current_user),
        done=_("Marked as done. Thanks for getting in touch."),
        then=url_for("goals_manage.shared"),
    )


# The report --------------------------------------------------------------------------------


def _report_period():
    """The form and the (start, end) dates asked for, or the last year if they don't work."""
    form = ReportForm(formdata=request.args if request.args else None)
    today = london_today()
    start, end = today - timedelta(days=364), today
    if request.args and form.validate():
        start, end = form.start.data or start, form.end.data or end
        if start > end:
            form.end.errors = [_("The end date needs to be on or after the start date.")]
            start, end = today - timedelta(days=364), today
    if not request.args or form.errors:
        form.start.data, form.end.data = start, end
    return form, start, end


@blueprint.get("/report")
@roles(Role.ADMIN)
def report_page():
    form, start, end = _report_period()
    threshold = current_app.config["REPORT_SMALL_NUMBER_THRESHOLD"]
    return render_template(
        "goals/manage/report.html",
        form=form,
        start=start,
        end=end,
        threshold=threshold,
        rows=report.distance_travelled(start, end, threshold),
    )


@blueprint.get("/report.csv")
@roles(Role.ADMIN)
def report_csv():
    _form, start, end = _report_period()
    threshold = current_app.config["REPORT_SMALL_NUMBER_THRESHOLD"]
    headings = [
        _("Area"),
        _("Young people who rated at least twice"),
        _("Improved"),
        _("Same"),
        _("Lower"),
        _("Average change"),
    ]
    rows = report.csv_rows(
        report.distance_travelled(start, end, threshold),
        headings,
        small=_("fewer than %(num)d", num=threshold),
        hidden=_("hidden"),
    )
    return csv_download(rows, f"distance-travelled-{start.isoformat()}-to-{end.isoformat()}.csv")
