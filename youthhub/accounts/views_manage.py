"""Staff pages for people: invites and roles (admins), and a worker's own young people."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts import emails, mfa, queries, services
from youthhub.accounts.forms import RolesForm, StaffInviteForm
from youthhub.accounts.models import Role, StaffInvite, User
from youthhub.accounts.second_step import recent_factor_required
from youthhub.core.access import roles
from youthhub.core.access_log import looked_at
from youthhub.core.forms import ConfirmForm, button_action, form_action
from youthhub.core.time import utcnow
from youthhub.core.transaction import refused_goes_to, refused_shows
from youthhub.extensions import db

blueprint = Blueprint(
    "accounts_manage", __name__, url_prefix="/manage", template_folder="templates"
)


def _get_or_404(model, record_id):
    return db.session.get(model, record_id) or abort(404)


def _person_page(user_id):
    return url_for("accounts_manage.person", user_id=user_id)


@blueprint.get("/people")
@roles(Role.ADMIN)
def people():
    search = request.args.get("q", "")[:100]
    return render_template(
        "accounts/manage/people.html", people=queries.people(search), search=search
    )


@blueprint.route("/people/<id:user_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
@recent_factor_required(back=_person_page)
def person(user_id):
    user = _get_or_404(User, user_id)
    if user.is_young_person:
        looked_at(user.id, "profile", viewer=current_user)
    form = RolesForm(data={"roles": sorted(user.roles)} if request.method == "GET" else None)
    return form_action(
        form,
        lambda: services.change_roles(user, form.roles.data, actor=current_user),
        done=_("Roles saved for %(name)s.", name=user.preferred_name),
        then=url_for("accounts_manage.person", user_id=user.id),
        page=lambda: render_template(
            "accounts/manage/person.html",
            person=user,
            form=form,
            confirm=ConfirmForm(),
            actions=services.account_actions(user, actor=current_user),
            may_reset_factors=mfa.can_reset_factors(user, actor=current_user),
        ),
    )


@blueprint.post("/people/<id:user_id>/reset-sign-in")
@roles(Role.ADMIN)
@recent_factor_required(back=_person_page)
def reset_factors(user_id):
    user = _get_or_404(User, user_id)
    return button_action(
        lambda: mfa.reset_factors(user, actor=current_user),
        done=_(
            "Sign-in reset for %(name)s: their passkeys, authenticator app and recovery codes "
            "are removed, and they are logged out everywhere.",
            name=user.preferred_name,
        ),
        then=_person_page(user.id),
    )


@blueprint.post("/people/<id:user_id>/disable")
@roles(Role.ADMIN)
def disable(user_id):
    return _account_switch(user_id, services.disable_account, _("Account switched off."))


@blueprint.post("/people/<id:user_id>/enable")
@roles(Role.ADMIN)
def enable(user_id):
    return _account_switch(user_id, services.enable_account, _("Account switched back on."))


def _account_switch(user_id, service, done_message):
    user = _get_or_404(User, user_id)
    return button_action(
        lambda: service(user, actor=current_user),
        done=done_message,
        then=url_for("accounts_manage.person", user_id=user.id),
    )


@blueprint.route("/invites", methods=["GET", "POST"])
@roles(Role.ADMIN)
def invites():
    form = StaffInviteForm()

    def page():
        return render_template(
            "accounts/manage/invites.html",
            form=form,
            invites=queries.invites(),
            now=utcnow(),
            confirm=ConfirmForm(),
            may_cancel=lambda invite: services.can_cancel_invite(invite, actor=current_user),
        )

    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    invite, token = services.invite_staff(form.email.data, form.roles.data, actor=current_user)
    link = emails.send_staff_invite(invite, token)
    flash(
        _(
            "Invite sent to %(email)s. You can also pass on this link: %(link)s",
            email=invite.email,
            link=link,
        ),
        "success",
    )
    return redirect(url_for("accounts_manage.invites"))


@blueprint.post("/invites/<id:invite_id>/revoke")
@roles(Role.ADMIN)
def revoke_invite(invite_id):
    invite = _get_or_404(StaffInvite, invite_id)
    return button_action(
        lambda: services.revoke_invite(invite, actor=current_user),
        done=_("Invite cancelled."),
        then=url_for("accounts_manage.invites"),
    )


@blueprint.get("/my-young-people")
@roles(Role.YOUTH_WORKER)
def my_young_people():
    return render_template(
        "accounts/manage/my_young_people.html",
        young_people=queries.young_people_of(current_user),
        confirm=ConfirmForm(),
    )


@blueprint.post("/my-young-people/invite-code")
@roles(Role.YOUTH_WORKER)
def reset_invite_code():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    refused_goes_to(url_for("accounts_manage.my_young_people"))
    code = services.reset_worker_invite_code(current_user, actor=current_user)
    flash(
        _("Your new invite code is %(code)s. The old one no longer works.", code=code),
        "success",
    )
    return redirect(url_for("accounts_manage.my_young_people"))
