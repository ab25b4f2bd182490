"""Power groups for young people: browse, ask to join, and, for leads, run the group."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import PROGRAMME_ROLES, Role
from youthhub.activities import publishing
from youthhub.activities import queries as activity_queries
from youthhub.activities.forms import ActivityForm, CancelActivityForm
from youthhub.activities.queries import activity_or_404
from youthhub.core.access import roles
from youthhub.core.forms import ConfirmForm, button_action, form_action
from youthhub.core.transaction import refused_goes_to
from youthhub.extensions import db
from youthhub.groups import queries, rules, services
from youthhub.groups.models import Group, Membership, MembershipStatus
from youthhub.groups.permissions import can_run, is_staff_organiser

blueprint = Blueprint("groups", __name__, url_prefix="/groups", template_folder="templates")
# Young people reach these pages; the object check lets in only leads of this very group.
RUNNERS = (Role.YOUNG_PERSON, Role.YOUTH_WORKER, Role.ADMIN)


def group_or_404(group_id) -> Group:
    return db.session.get(Group, group_id) or abort(404)


def _run_or_403(group_id) -> Group:
    group = group_or_404(group_id)
    if not can_run(current_user, group):
        abort(403)
    return group


@blueprint.get("/")
@roles(*PROGRAMME_ROLES)
def index():
    return render_template("groups/index.html", listings=queries.groups_for(current_user))


@blueprint.get("/<id:group_id>")
@roles(*PROGRAMME_ROLES)
def group(group_id):
    group = group_or_404(group_id)
    mine = queries.membership_of(group, current_user)
    runs = can_run(current_user, group)
    sees_members = runs or is_staff_organiser(current_user) or (mine and mine.is_member)
    return render_template(
        "groups/group.html",
        group=group,
        mine=mine,
        runs=runs,
        is_staff=is_staff_organiser(current_user),
        offers=rules.group_offers(mine, current_user),
        may_answer=rules.may_answer,
        may_set_lead=rules.may_set_lead,
        members=queries.memberships(group, MembershipStatus.MEMBER) if sees_members else [],
        requests=queries.memberships(group, MembershipStatus.REQUESTED) if runs else [],
        sessions=activity_queries.group_sessions(group),
        confirm=ConfirmForm(),
    )


def _own_action(group_id, service, done: str):
    group = group_or_404(group_id)
    return button_action(
        lambda: service(group, actor=current_user),
        done=done,
        then=url_for("groups.group", group_id=group.id),
    )


@blueprint.post("/<id:group_id>/join")
@roles(Role.YOUNG_PERSON)
def join(group_id):
    return _own_action(
        group_id, services.request_to_join, _("Thanks! A group lead will get back to you soon.")
    )


@blueprint.post("/<id:group_id>/leave")
@roles(Role.YOUNG_PERSON)
def leave(group_id):
    return _own_action(group_id, services.leave_group, _("You've left the group."))


@blueprint.post("/<id:group_id>/step-down")
@roles(Role.YOUNG_PERSON)
def step_down(group_id):
    return _own_action(
        group_id, services.step_down, _("You've stepped down as a lead. Thanks for all you did!")
    )


def _answer(group_id, membership_id, service, done: str):
    group = _run_or_403(group_id)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.group_id != group.id:
        abort(404)
    return button_action(
        lambda: service(membership, group, actor=current_user),
        done=done % {"name": membership.person.preferred_name},
        then=url_for("groups.group", group_id=group.id),
    )


@blueprint.post("/<id:group_id>/requests/<id:membership_id>/accept")
@roles(*RUNNERS)
def accept(group_id, membership_id):
    return _answer(group_id, membership_id, services.accept_member, _("%(name)s is in the group."))


@blueprint.post("/<id:group_id>/requests/<id:membership_id>/decline")
@roles(*RUNNERS)
def decline(group_id, membership_id):
    return _answer(
        group_id, membership_id, services.decline_member, _("You said no to %(name)s for now.")
    )


def _session_form(group, **kwargs) -> ActivityForm:
    form = ActivityForm(**kwargs)
    form.set_groups([group], allow_none=False)
    form.group_id.data = str(group.id)
    return form


@blueprint.route("/<id:group_id>/sessions/new", methods=["GET", "POST"])
@roles(*RUNNERS)
def new_session(group_id):
    group = _run_or_403(group_id)
    form = _session_form(group)
    return form_action(
        form,
        lambda: publishing.create_activities(
            form.details({str(group.id): group}),
            actor=current_user,
            repeat=form.repeat.data,
            sessions=form.sessions.data or 1,
        ),
        done=_("Session published."),
        then=url_for("groups.group", group_id=group.id),
        page=lambda: render_template(
            "groups/session_form.html", group=group, form=form, activity=None
        ),
    )


def _group_session(group_id, activity_id):
    group = _run_or_403(group_id)
    activity = activity_or_404(activity_id)
    if activity.group_id != group.id:
        abort(404)
    return group, activity


@blueprint.route("/<id:group_id>/sessions/<id:activity_id>/edit", methods=["GET", "POST"])
@roles(*RUNNERS)
def edit_session(group_id, activity_id):
    group, activity = _group_session(group_id, activity_id)
    form = _session_form(group, obj=activity if request.method == "GET" else None)
    if request.method == "GET":
        form.fill_from(activity)

    def save():
        details = form.details({str(group.id): group})
        if not is_staff_organiser(current_user):  # leads never touch the paid-role part
            details.is_paid_role = activity.is_paid_role
            details.contribution_kind = activity.contribution_kind
            details.expected_minutes = activity.expected_minutes
        publishing.update_activity(activity, details, actor=current_user)

    return form_action(
        form,
        save,
        done=_("Changes saved."),
        then=url_for("groups.group", group_id=group.id),
        page=lambda: render_template(
            "groups/session_form.html",
            group=group,
            form=form,
            activity=activity,
            cancel_form=CancelActivityForm(),
            may_cancel=publishing.may_cancel(activity, current_user),
        ),
    )


@blueprint.post("/<id:group_id>/sessions/<id:activity_id>/cancel")
@roles(*RUNNERS)
def cancel_session(group_id, activity_id):
    group, activity = _group_session(group_id, activity_id)
    form = CancelActivityForm()
    edit_page = url_for("groups.edit_session", group_id=group.id, activity_id=activity.id)
    if not form.validate_on_submit():
        flash(_("Keep the reason to 300 characters or fewer."), "error")
        return redirect(edit_page)
    refused_goes_to(edit_page)
    publishing.cancel_activity(activity, actor=current_user, reason=form.reason.data or "")
    flash(_("Session cancelled. Everyone booked has been told."), "success")
    return redirect(url_for("groups.group", group_id=group.id))
