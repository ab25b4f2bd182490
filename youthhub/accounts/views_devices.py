"""The devices a person is signed in on: see them, sign one out, or sign out everywhere."""

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts import sessions
from youthhub.accounts.models import UserSession
from youthhub.core.access import signed_in
from youthhub.core.forms import ConfirmForm, button_action
from youthhub.core.outbox import clear_phone_next
from youthhub.extensions import db

blueprint = Blueprint(
    "devices", __name__, url_prefix="/profile/devices", template_folder="templates"
)


@blueprint.get("/")
@signed_in
def index():
    return render_template(
        "accounts/devices.html",
        devices=sessions.live_sessions(current_user),
        this_device=sessions.current_session_id(),
        confirm=ConfirmForm(),
    )


@blueprint.post("/<id:session_id>/sign-out")
@signed_in
def sign_out(session_id):
    device = db.session.get(UserSession, session_id)
    if device is None or device.user_id != current_user.id:
        abort(404)  # someone else's session is not ours to name
    this_one = device.id == sessions.current_session_id()

    def sign_out():
        sessions.sign_out_device(device, actor=current_user)
        if this_one:
            sessions.forget_this_browser()
            clear_phone_next()

    return button_action(
        sign_out,
        done=_("That device is signed out."),
        then=url_for("accounts.login" if this_one else "devices.index"),
    )


@blueprint.post("/sign-out-everywhere")
@signed_in
def sign_out_everywhere():
    def sign_out():
        sessions.sign_out_everywhere(current_user, actor=current_user)
        sessions.forget_this_browser()
        clear_phone_next()

    response = button_action(
        sign_out,
        done=_("You're signed out on every device, this one too. Log in again to carry on."),
        then=url_for("accounts.login"),
    )
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
