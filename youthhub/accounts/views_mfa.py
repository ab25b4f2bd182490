"""Second factors: the second step of signing in, confirming it's you before a sensitive
action (step-up), and each person's own "Sign-in and security" page."""

import segno
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from markupsafe import Markup

from youthhub.accounts import mfa, passkeys, second_step
from youthhub.accounts.forms_mfa import AuthenticatorForm, CodeForm
from youthhub.accounts.models import STAFF_ROLES
from youthhub.accounts.models_mfa import Passkey
from youthhub.accounts.views import _start_session
from youthhub.core.access import public, roles, signed_in
from youthhub.core.forms import ConfirmForm, button_action
from youthhub.core.redirects import is_safe_next
from youthhub.core.transaction import refused_shows
from youthhub.extensions import db, limiter

blueprint = Blueprint("accounts_mfa", __name__, template_folder="templates")
SETUP_SALT = "authenticator-setup"
SETUP_SECONDS = 30 * 60
CHALLENGE = "passkey_challenge"


def _security_url() -> str:
    return url_for("accounts_mfa.security")


def _security_page():
    return redirect(_security_url())


# The second step of signing in --------------------------------------------------------------


def _factor_key() -> str:
    """Wrong codes count against the person proving it's them, however they got here."""
    pending = session.get(second_step.PENDING)
    if isinstance(pending, dict) and pending.get("user"):
        return f"factor:{pending['user']}"
    if current_user.is_authenticated:
        return f"factor:{current_user.id}"
    return f"factor:{request.remote_addr}"


def _wrong_code(response) -> bool:
    return response.status_code != 302


def _too_many_codes(_limit):
    session.pop(second_step.PENDING, None)
    flash(_("Too many wrong codes. Please wait 15 minutes and log in again."), "error")
    return redirect(url_for("accounts.login"))


def _no_pending_sign_in():
    flash(_("Please log in again."), "info")
    return redirect(url_for("accounts.login"))


@blueprint.route("/login/second-step", methods=["GET", "POST"], endpoint="second_step")
@public
@limiter.limit(
    lambda: current_app.config["FACTOR_LIMIT_PER_ACCOUNT"],
    key_func=_factor_key,
    methods=["POST"],
    deduct_when=_wrong_code,
    on_breach=_too_many_codes,
    scope="second-step",
)
def second_step_page():
    user = second_step.pending_user()
    if user is None:
        return _no_pending_sign_in()
    form = CodeForm()

    def page():
        return render_template("accounts/second_step.html", form=form, factors=mfa.factors_of(user))

    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    mfa.check_code(user, form.code.data)
    return redirect(second_step.finish_sign_in(user, start=_start_session))


# Passkeys, for the second step and for step-up ----------------------------------------------


def _passkey_person():
    """Who is proving it's them: the person half-way through signing in, or the one signed in."""
    user = second_step.pending_user()
    if user is None and current_user.is_authenticated:
        user = current_user._get_current_object()
    return user


@blueprint.post("/passkey/challenge")
@public
def passkey_challenge():
    user = _passkey_person() or abort(403)
    options, challenge = passkeys.authentication_options(user)
    session[CHALLENGE] = challenge.hex()
    return current_app.response_class(options, mimetype="application/json")


def _take_challenge() -> bytes:
    challenge = session.pop(CHALLENGE, None)
    return bytes.fromhex(challenge) if challenge else b""


@blueprint.post("/passkey/check")
@public
@limiter.limit(
    lambda: current_app.config["FACTOR_LIMIT_PER_ACCOUNT"],
    key_func=_factor_key,
    deduct_when=lambda response: response.status_code != 200,
    scope="second-step",
)
def passkey_check():
    user = _passkey_person() or abort(403)
    signing_in = second_step.pending_user() is not None
    # A refusal is answered as JSON (core.transaction), which passkeys.js shows.
    passkeys.check_passkey(user, request.get_json(silent=True) or {}, _take_challenge())
    if signing_in:
        return jsonify(next=second_step.finish_sign_in(user, start=_start_session))
    second_step.factor_checked()
    return jsonify(next=second_step.after_step_up(request.args.get("next", "")))


# Step-up: confirm it's you ------------------------------------------------------------------


@blueprint.route("/account/confirm", methods=["GET", "POST"])
@signed_in
@limiter.limit(
    lambda: current_app.config["FACTOR_LIMIT_PER_ACCOUNT"],
    key_func=_factor_key,
    methods=["POST"],
    deduct_when=_wrong_code,
    scope="second-step",
)
def confirm():
    form = CodeForm(next=request.args.get("next", ""))

    def page():
        return render_template(
            "accounts/confirm.html", form=form, factors=mfa.factors_of(current_user)
        )

    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    mfa.check_code(current_user, form.code.data)
    second_step.factor_checked()
    target = form.next.data
    return redirect(second_step.after_step_up(target if is_safe_next(target) else _security_url()))


@blueprint.get("/account/confirm/carry-on", endpoint="carry_on")
@signed_in
def carry_on():
    """Confirmed: what was sent before is here to send again with one tap."""
    kept = second_step.kept_for_step_up()
    if kept is None:
        return redirect(url_for("home.home"))
    return render_template("accounts/carry_on.html", kept=kept)


# Sign-in and security page ------------------------------------------------------------------


@blueprint.get("/account/security")
@signed_in
def security():
    return render_template(
        "accounts/security.html",
        factors=mfa.factors_of(current_user),
        required=mfa.factor_required(current_user),
        may_use_authenticator=mfa.may_use_authenticator(current_user),
        confirm=ConfirmForm(),
    )


def _setup_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SETUP_SALT)


def _setup_secret(form: AuthenticatorForm) -> str | None:
    """The secret shown on the page this form came from, if it is this person's and recent."""
    try:
        data = _setup_serializer().loads(form.setup.data or "", max_age=SETUP_SECONDS)
    except BadSignature:
        return None
    if not isinstance(data, dict) or data.get("user") != current_user.id:
        return None
    return data.get("secret")


def _qr_code(link: str) -> Markup:
    code = segno.make(link, error="m")
    return Markup(code.svg_inline(omitsize=True, border=2, dark="#000", light="#fff"))  # noqa: S704 - segno's own SVG


@blueprint.route("/account/security/authenticator", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def authenticator():
    form = AuthenticatorForm()
    secret = _setup_secret(form) if form.is_submitted() else None
    if secret is None:
        secret = mfa.new_authenticator_secret()
        form.setup.data = _setup_serializer().dumps({"user": current_user.id, "secret": secret})
    link = mfa.authenticator_link(current_user, secret)

    def page():
        return render_template(
            "accounts/authenticator.html",
            form=form,
            secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            qr_code=_qr_code(link),
        )

    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    codes = mfa.set_up_authenticator(current_user, secret, form.code.data, actor=current_user)
    second_step.factor_checked()
    return _show_recovery_codes(codes, _("Your authenticator app is set up."))


def _show_recovery_codes(codes: list[str], message: str):
    flash(message, "success")
    return render_template("accounts/recovery_codes.html", codes=codes)


@blueprint.post("/account/security/recovery-codes")
@roles(*STAFF_ROLES)
@second_step.recent_factor_required(back=lambda: url_for("accounts_mfa.security"))
def new_recovery_codes():
    if not ConfirmForm().validate_on_submit():
        abort(400)
    refused_shows(_security_page)
    codes = mfa.new_recovery_codes(current_user, actor=current_user)
    return _show_recovery_codes(codes, _("New recovery codes made. The old ones no longer work."))


@blueprint.post("/account/security/authenticator/remove")
@roles(*STAFF_ROLES)
@second_step.recent_factor_required(back=lambda: url_for("accounts_mfa.security"))
def remove_authenticator():
    return button_action(
        lambda: mfa.remove_authenticator(current_user, actor=current_user),
        done=_("Your authenticator app and recovery codes are removed."),
        then=url_for("accounts_mfa.security"),
    )


@blueprint.post("/account/security/passkeys/options")
@signed_in
def passkey_options():
    options, challenge = passkeys.registration_options(current_user)
    session[CHALLENGE] = challenge.hex()
    return current_app.response_class(options, mimetype="application/json")


@blueprint.post("/account/security/passkeys")
@signed_in
def add_passkey():
    answer = request.get_json(silent=True) or {}
    name = answer.pop("passkeyName", "") if isinstance(answer, dict) else ""
    passkeys.add_passkey(current_user, answer, _take_challenge(), str(name), actor=current_user)
    second_step.factor_checked()
    flash(_("Your passkey is saved. You can use it next time you log in."), "success")
    return jsonify(next=url_for("accounts_mfa.security"))


@blueprint.post("/account/security/passkeys/<id:passkey_id>/remove")
@signed_in
@second_step.recent_factor_required(back=lambda passkey_id: url_for("accounts_mfa.security"))
def remove_passkey(passkey_id):
    passkey = db.session.get(Passkey, passkey_id)
    if passkey is None or passkey.user_id != current_user.id:
        abort(404)
    return button_action(
        lambda: passkeys.remove_passkey(passkey, actor=current_user),
        done=_("Passkey removed."),
        then=url_for("accounts_mfa.security"),
    )
