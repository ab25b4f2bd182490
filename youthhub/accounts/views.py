"""Signing up, logging in and out, password resets, staff invites and the profile page."""

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from youthhub.accounts import emails, queries, second_step, services
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
from youthhub.core.forms import form_action
from youthhub.core.i18n import chosen_language
from youthhub.core.transaction import refused_shows
from youthhub.extensions import limiter

blueprint = Blueprint("accounts", __name__, template_folder="templates")


@blueprint.record_once
def _template_labels(state):
    register_labels(state.app)


def _start_session(user, remember: bool = False) -> None:
    # A fresh session on every login, so a session id planted before login is worthless.
    chosen_locale = session.get("locale")
    session.clear()
    if chosen_locale:
        session["locale"] = chosen_locale
    login_user(user, remember=remember)


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
    user = services.sign_up_young_person(
        preferred_name=form.preferred_name.data,
        email=form.email.data,
        password=form.password.data,
        date_of_birth=form.date_of_birth,
        pronouns=form.pronouns.data,
        invite_code=form.invite_code.data,
        locale=chosen_language(),
    )
    _start_session(user)
    programme = current_app.config["PROGRAMME_NAME"]
    flash(
        _("Welcome to %(programme)s, %(name)s!", programme=programme, name=user.preferred_name),
        "success",
    )
    return redirect(url_for("home.home"))


def _login_account_key() -> str:
    return "account:" + services.normalise_email(request.form.get("email", ""))


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
    on_breach=_too_many_attempts,
    scope="login-account",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_login_failed,
    on_breach=_too_many_attempts,
    scope="login-address",
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
    return second_step.after_password(
        user, remember=form.remember.data, target=form.next.data, start=_start_session
    )


@blueprint.post("/logout")
@public
def logout():
    logout_user()
    session.clear()
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


@blueprint.post("/profile/password")
@signed_in
def change_password():
    form = ChangePasswordForm()

    def change():
        services.change_password(
            current_user,
            current_password=form.current_password.data,
            new_password=form.new_password.data,
            actor=current_user,
        )
        # This session carries on; every other session of theirs is now signed out.
        login_user(current_user._get_current_object())

    return form_action(
        form,
        change,
        done=_("Your password has been changed."),
        then=url_for("accounts.profile"),
        page=lambda: render_template(
            "accounts/profile.html", form=ProfileForm(obj=current_user), password_form=form
        ),
    )
