"""Staff pages for activities: the list, publishing, changing and cancelling."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from youthhub.accounts.models import Role
from youthhub.activities import publishing, queries
from youthhub.activities.forms import ActivityForm, CancelActivityForm
from youthhub.activities.organisers import all_groups
from youthhub.activities.views import activity_or_404
from youthhub.core.access import roles
from youthhub.core.forms import form_action
from youthhub.core.transaction import refused_goes_to, refused_shows

blueprint = Blueprint(
    "activities_manage", __name__, url_prefix="/manage/activities", template_folder="templates"
)
ORGANISERS = (Role.YOUTH_WORKER, Role.ADMIN)


@blueprint.get("/")
@roles(*ORGANISERS)
def index():
    return render_template("activities/manage/index.html", listings=queries.manage_list())


def _form_with_groups(**kwargs) -> tuple[ActivityForm, dict]:
    form = ActivityForm(**kwargs)
    groups = all_groups()
    form.set_groups(groups)
    return form, {str(group.id): group for group in groups}


@blueprint.route("/new", methods=["GET", "POST"])
@roles(*ORGANISERS)
def new():
    form, groups = _form_with_groups()

    def page():
        return render_template("activities/manage/form.html", form=form, activity=None)

    # Not `form_action`: what is said, and where to go, depend on the sessions made.
    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    created = publishing.create_activities(
        form.details(groups),
        actor=current_user,
        repeat=form.repeat.data,
        sessions=form.sessions.data or 1,
    )
    flash(
        ngettext("Published %(num)d session.", "Published %(num)d sessions.", len(created)),
        "success",
    )
    return redirect(url_for("activities_manage.detail", activity_id=created[0].id))


@blueprint.route("/<id:activity_id>/edit", methods=["GET", "POST"])
@roles(*ORGANISERS)
def edit(activity_id):
    activity = activity_or_404(activity_id)
    form, groups = _form_with_groups(obj=activity if request.method == "GET" else None)
    if request.method == "GET":
        form.fill_from(activity)
    return form_action(
        form,
        lambda: publishing.update_activity(activity, form.details(groups), actor=current_user),
        done=_("Changes saved."),
        then=url_for("activities_manage.detail", activity_id=activity.id),
        page=lambda: render_template("activities/manage/form.html", form=form, activity=activity),
    )


@blueprint.get("/<id:activity_id>")
@roles(*ORGANISERS)
def detail(activity_id):
    activity = activity_or_404(activity_id)
    return render_template(
        "activities/manage/detail.html",
        activity=activity,
        listing=queries.listing(activity, None),
        bookings=queries.bookings_of(activity),
        may_cancel=publishing.may_cancel(activity, current_user),
        cancel_form=CancelActivityForm(),
    )


@blueprint.post("/<id:activity_id>/cancel")
@roles(*ORGANISERS)
def cancel(activity_id):
    activity = activity_or_404(activity_id)
    form = CancelActivityForm()
    detail_page = url_for("activities_manage.detail", activity_id=activity.id)
    if not form.validate_on_submit():
        flash(_("Keep the reason to 300 characters or fewer."), "error")
        return redirect(detail_page)
    refused_goes_to(detail_page)
    publishing.cancel_activity(activity, actor=current_user, reason=form.reason.data or "")
    flash(_("Cancelled. Everyone booked has been told."), "success")
    return redirect(detail_page)
