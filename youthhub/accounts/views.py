"""Signing up, logging in and out, password resets, staff invites and the profile page."""

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts import emails, queries, second_step, services, sessions
from youthhub.accounts.forms import (
    AcceptInviteForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    SignUpForm,
)
from youthhub.accounts.labels import register_labels
from youthhub.core.access import public, signed_in
from youthhub.core.forms import ConfirmForm, form_action
from youthhub.core.i18n import chosen_language
from youthhub.core.outbox import clear_phone_next
from youthhub.core.transaction import refused_shows
from youthhub.extensions import limiter

blueprint = Blueprint("accounts", __name__, template_folder="templates")


@blueprint.record_once
def _template_labels(state):
    register_labels(state.app)


def _start_session(user, remember: bool = False) -> None:
    """Sign this person in on this browser: the one step every way in ends with."""
    sessions.start_session(user, remember=remember)


@blueprint.route("/signup", methods=["GET", "POST"])
@public
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("home.home"))
    form = SignUpForm(invite_code=request.args.get("code"))

    def page():
        return render_template("accounts/signup.html", form=form)

    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    # The same answer whether or not the email has an account: only the inbox can tell.
    emails.sign_up(
        preferred_name=form.preferred_name.data,
        email=form.email.data,
        password=form.password.data,
        date_of_birth=form.date_of_birth,
        pronouns=form.pronouns.data,
        invite_code=form.invite_code.data,
        locale=chosen_language(),
    )
    flash(
        _(
            "Nearly there! We've emailed a link to %(email)s. Open it to finish making your "
            "account.",
            email=services.normalise_email(form.email.data),
        ),
        "success",
    )
    return redirect(url_for("accounts.login"))


@blueprint.route("/signup/finish/<token>", methods=["GET", "POST"])
@public
def confirm_sign_up(token):
    problem = services.sign_up_link_problem(token)
    if problem:
        return _link_problem(problem)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return render_template("accounts/confirm_sign_up.html", form=form)
    return _welcome(services.confirm_sign_up(token))


def _welcome(user):
    _start_session(user)
    programme = current_app.config["PROGRAMME_NAME"]
    flash(
        _("Welcome to %(programme)s, %(name)s!", programme=programme, name=user.preferred_name),
        "success",
    )
    return redirect(url_for("home.home"))


DEVICE_COOKIE = "login_device"


def _login_account_key() -> str:
    return "account:" + services.normalise_email(request.form.get("email", ""))


def _trusted_device() -> str | None:
    """This device's id if it has logged in to the account being tried before (OWASP's device
    cookie): it then has a limit of its own, which nobody else's failures use up."""
    if "login_device" not in g:
        user = services.find_user_by_email(request.form.get("email", ""))
        g.login_device = services.trusted_device(request.cookies.get(DEVICE_COOKIE), user)
    return g.login_device


def _from_unknown_device() -> bool:
    return _trusted_device() is None


def _login_device_key() -> str:
    return "device:" + (_trusted_device() or "")


def _login_failed(response) -> bool:
    return response.status_code != 302


def _too_many_attempts(_limit):
    form = LoginForm()
    flash(
        _(
            "Too many tries to log in. Please wait 15 minutes and try again, "
            "or reset your password."
        ),
        "error",
    )
    page = render_template("accounts/login.html", form=form, demo_logins=[])
    return make_response(page, 429)


@blueprint.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_login_account_key,
    methods=["POST"],
    deduct_when=_login_failed,
    exempt_when=lambda: _trusted_device() is not None,
    on_breach=_too_many_attempts,
    scope="login-account",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_login_failed,
    exempt_when=lambda: _trusted_device() is not None,
    on_breach=_too_many_attempts,
    scope="login-address",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_DEVICE"],
    key_func=_login_device_key,
    methods=["POST"],
    deduct_when=_login_failed,
    exempt_when=_from_unknown_device,
    on_breach=_too_many_attempts,
    scope="login-device",
)
def login():
    form = LoginForm(next=request.args.get("next", ""))

    def page():
        return render_template("accounts/login.html", form=form, demo_logins=queries.demo_logins())

    if not form.validate_on_submit():
        return page()
    # A refused login shows the form again (not a redirect), which the limits above count.
    refused_shows(page)
    user = services.authenticate(form.email.data, form.password.data)
    target = form.next.data
    if user.must_change_password:
        target = url_for("accounts.change_password")
    response = second_step.after_password(
        user, remember=form.remember.data, target=target, start=_start_session
    )
    # The password was right on this device: it keeps a login limit of its own from now on
    # (the second factor, where there is one, still stands between it and the account).
    _remember_device(response, user)
    return response


def _remember_device(response, user) -> None:
    response.set_cookie(
        DEVICE_COOKIE,
        services.make_device_cookie(user),
        max_age=current_app.config["LOGIN_DEVICE_DAYS"] * 86400,
        path=url_for("accounts.login"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )


@blueprint.post("/logout")
@public
def logout():
    sessions.end_this_session()
    clear_phone_next()
    flash(_("You've logged out. See you soon!"), "success")
    response = redirect(url_for("home.home"))
    # Wipe pages the service worker cached, so the next person on this phone can't see them.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@blueprint.route("/forgot-password", methods=["GET", "POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    return form_action(
        form,
        lambda: emails.send_password_reset(form.email.data),
        done=_(
            "If there's an account with that email, we've sent a link to reset the password. "
            "Check your inbox."
        ),
        then=url_for("accounts.login"),
        page=lambda: render_template("accounts/forgot_password.html", form=form),
    )


def _link_problem(message: str, *, offer_reset: bool = False):
    """A reset or invite link that no longer works: say why, with a way on (410 Gone)."""
    page = render_template("accounts/link_problem.html", message=message, offer_reset=offer_reset)
    return page, 410


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    problem = services.reset_link_problem(token)
    if problem:
        return _link_problem(problem, offer_reset=True)
    form = ResetPasswordForm()
    return form_action(
        form,
        lambda: services.reset_password(token, form.password.data),
        done=_("Your password has been changed. You can log in now."),
        then=url_for("accounts.login"),
        page=lambda: render_template("accounts/reset_password.html", form=form),
    )


@blueprint.route("/invite/<token>", methods=["GET", "POST"])
@public
def accept_invite(token):
    problem = services.invite_link_problem(token)
    if problem:
        return _link_problem(problem)
    form = AcceptInviteForm()
    invite = services.find_open_invite(token)

    def page():
        return render_template("accounts/accept_invite.html", form=form, invite=invite)

    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    user = services.accept_staff_invite(
        token, preferred_name=form.preferred_name.data, password=form.password.data
    )
    _start_session(user)
    flash(_("Welcome, %(name)s. Your account is ready.", name=user.preferred_name), "success")
    return redirect(url_for("home.staff_home"))


@blueprint.route("/profile", methods=["GET", "POST"])
@signed_in
def profile():
    form = ProfileForm(obj=current_user)

    def save():
        services.update_profile(
            current_user,
            preferred_name=form.preferred_name.data,
            pronouns=form.pronouns.data,
            locale=form.locale.data,
            actor=current_user,
        )
        session["locale"] = current_user.locale

    return form_action(
        form,
        save,
        done=_("Your profile is saved."),
        then=url_for("accounts.profile"),
        page=lambda: render_template(
            "accounts/profile.html", form=form, password_form=ChangePasswordForm()
        ),
    )


#: Where a person whose password must change may still go (everything else sends them to
#: change it first).
OPEN_WHILE_PASSWORD_MUST_CHANGE = {
    "accounts.change_password",
    "accounts.logout",
    "core.privacy",
    "core.healthz",
    "home.choose_language",
    "static",
}


@blueprint.before_app_request
def _password_first():
    user = current_user._get_current_object()
    if not (user.is_authenticated and user.must_change_password):
        return None
    endpoint = request.endpoint or ""
    if endpoint in OPEN_WHILE_PASSWORD_MUST_CHANGE or endpoint.startswith("pwa."):
        return None
    return redirect(url_for("accounts.change_password"), 303)


@blueprint.route("/profile/password", methods=["GET", "POST"])
@signed_in
def change_password():
    form = ChangePasswordForm()
    # Sent here at login because their password is weak: a page of its own, then home.
    must_change = current_user.must_change_password

    def page():
        if must_change or request.method == "GET":
            return render_template("accounts/change_password.html", form=form)
        return render_template(
            "accounts/profile.html", form=ProfileForm(obj=current_user), password_form=form
        )

    if request.method == "GET":
        return page()

    def change():
        services.change_password(
            current_user,
            current_password=form.current_password.data,
            new_password=form.new_password.data,
            actor=current_user,
        )
        # Every session of theirs has ended, a copied cookie of this one too; this browser
        # carries on with a new one, keeping the second factor it proved.
        factor_checked_at = session.get(second_step.FACTOR_CHECKED_AT)
        _start_session(current_user._get_current_object(), remember=session.permanent)
        if factor_checked_at is not None:
            session[second_step.FACTOR_CHECKED_AT] = factor_checked_at

    return form_action(
        form,
        change,
        done=_("Your password has been changed."),
        then=url_for("home.home" if must_change else "accounts.profile"),
        page=page,
    )
