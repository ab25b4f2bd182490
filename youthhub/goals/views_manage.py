"""Staff pages for goals: a worker's shared goals, comments and "get in touch" requests; the old
"distance travelled" report's addresses lead to the monitoring page's goals section."""

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role
from youthhub.core.access import roles
from youthhub.core.access_log import looked_at
from youthhub.core.forms import ConfirmForm, button_action, form_action
from youthhub.goals import charts, queries, services, services_ratings
from youthhub.goals.forms import CommentForm

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


# The report moved to the monitoring page ----------------------------------------------------


def _asked_dates() -> dict:
    """The dates an old link asked for, passed on as they were (the monitoring page checks
    them and says if they don't work)."""
    return {key: request.args[key] for key in ("start", "end") if key in request.args}


@blueprint.get("/report")
@roles(Role.ADMIN, Role.EVALUATOR)
def report_page():
    """Distance travelled is now the monitoring page's goals section."""
    return redirect(url_for("monitoring.page", **_asked_dates(), _anchor="goals"))


@blueprint.get("/report.csv")
@roles(Role.ADMIN, Role.EVALUATOR)
def report_csv():
    return redirect(
        url_for(
            "monitoring.table_csv",
            section_key="goals",
            table_key="distance-travelled",
            **_asked_dates(),
        )
    )
