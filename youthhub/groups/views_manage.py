"""Staff pages for power groups: setting them up and choosing young leads."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role
from youthhub.core.access import roles
from youthhub.core.forms import button_action, form_action
from youthhub.core.transaction import refused_shows
from youthhub.extensions import db
from youthhub.groups import queries, services
from youthhub.groups.forms import GroupForm
from youthhub.groups.models import Membership
from youthhub.groups.views import group_or_404

blueprint = Blueprint(
    "groups_manage", __name__, url_prefix="/manage/groups", template_folder="templates"
)
ORGANISERS = (Role.YOUTH_WORKER, Role.ADMIN)


@blueprint.get("/")
@roles(*ORGANISERS)
def index():
    return render_template("groups/manage/index.html", groups=queries.all_groups())


@blueprint.route("/new", methods=["GET", "POST"])
@roles(*ORGANISERS)
def new():
    form = GroupForm()
    if not form.validate_on_submit():
        return _form_page(form, None)
    refused_shows(lambda: _form_page(form, None))
    group = services.create_group(form.details(), actor=current_user)
    flash(_("Group set up."), "success")
    return redirect(url_for("groups.group", group_id=group.id))


def _form_page(form, group):
    return render_template("groups/manage/form.html", form=form, group=group)


@blueprint.route("/<id:group_id>/edit", methods=["GET", "POST"])
@roles(*ORGANISERS)
def edit(group_id):
    group = group_or_404(group_id)
    form = GroupForm(obj=group if request.method == "GET" else None)
    if request.method == "GET":
        form.audience.data = [tag.value for tag in group.audience]
    return form_action(
        form,
        lambda: services.update_group(group, form.details(), actor=current_user),
        done=_("Changes saved."),
        then=url_for("groups.group", group_id=group.id),
        page=lambda: _form_page(form, group),
    )


def _set_lead(group_id, membership_id, is_lead: bool):
    group = group_or_404(group_id)
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.group_id != group.id:
        abort(404)
    done = _("%(name)s is now a group lead.") if is_lead else _("%(name)s is no longer a lead.")
    return button_action(
        lambda: services.set_lead(membership, group, is_lead, actor=current_user),
        done=done % {"name": membership.person.preferred_name},
        then=url_for("groups.group", group_id=group.id),
    )


@blueprint.post("/<id:group_id>/members/<id:membership_id>/lead")
@roles(*ORGANISERS)
def make_lead(group_id, membership_id):
    return _set_lead(group_id, membership_id, True)


@blueprint.post("/<id:group_id>/members/<id:membership_id>/not-lead")
@roles(*ORGANISERS)
def remove_lead(group_id, membership_id):
    return _set_lead(group_id, membership_id, False)
