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

from youthhub.accounts import emails, queries, services
from youthhub.accounts.forms import (
    AcceptInviteForm,
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    SignUpForm,
)
from youthhub.core.access import public, signed_in
from youthhub.core.errors import DomainError
from youthhub.core.i18n import chosen_language
from youthhub.core.redirects import is_safe_next
from youthhub.extensions import db, limiter

blueprint = Blueprint("accounts", __name__, template_folder="templates")


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
    if form.validate_on_submit():
        try:
            user = services.sign_up_young_person(
                preferred_name=form.preferred_name.data,
                email=form.email.data,
                password=form.password.data,
                date_of_birth=form.date_of_birth,
                pronouns=form.pronouns.data,
                invite_code=form.invite_code.data,
                locale=chosen_language(),
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            _start_session(user)
            flash(
                _(
                    "Welcome to %(programme)s, %(name)s!",
                    programme=current_app.config["PROGRAMME_NAME"],
                    name=user.preferred_name,
                ),
                "success",
            )
            return redirect(url_for("home.home"))
    return render_template("accounts/signup.html", form=form)


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
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            _start_session(user, remember=form.remember.data)
            target = form.next.data
            return redirect(target if is_safe_next(target) else url_for("home.home"))
    return render_template("accounts/login.html", form=form, demo_logins=queries.demo_logins())


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
    if form.validate_on_submit():
        emails.send_password_reset(form.email.data)
        db.session.commit()
        flash(
            _(
                "If there's an account with that email, we've sent a link to reset the password. "
                "Check your inbox."
            ),
            "success",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@blueprint.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token):
    form = ResetPasswordForm()
    try:
        services.user_for_reset_token(token)
        if form.validate_on_submit():
            services.reset_password(token, form.password.data)
            db.session.commit()
            flash(_("Your password has been changed. You can log in now."), "success")
            return redirect(url_for("accounts.login"))
    except DomainError as error:
        return render_template(
            "accounts/link_problem.html", message=error.message, offer_reset=True
        ), 410
    return render_template("accounts/reset_password.html", form=form)


@blueprint.route("/invite/<token>", methods=["GET", "POST"])
@public
def accept_invite(token):
    form = AcceptInviteForm()
    try:
        invite = services.find_open_invite(token)
        if form.validate_on_submit():
            user = services.accept_staff_invite(
                token, preferred_name=form.preferred_name.data, password=form.password.data
            )
            db.session.commit()
            _start_session(user)
            flash(
                _("Welcome, %(name)s. Your account is ready.", name=user.preferred_name), "success"
            )
            return redirect(url_for("home.staff_home"))
    except DomainError as error:
        return render_template("accounts/link_problem.html", message=error.message), 410
    return render_template("accounts/accept_invite.html", form=form, invite=invite)


@blueprint.route("/profile", methods=["GET", "POST"])
@signed_in
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        try:
            services.update_profile(
                current_user,
                preferred_name=form.preferred_name.data,
                pronouns=form.pronouns.data,
                locale=form.locale.data,
                actor=current_user,
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            session["locale"] = current_user.locale
            flash(_("Your profile is saved."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template("accounts/profile.html", form=form, password_form=ChangePasswordForm())


@blueprint.post("/profile/password")
@signed_in
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(
                current_user,
                current_password=form.current_password.data,
                new_password=form.new_password.data,
                actor=current_user,
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            # This session carries on; every other session of theirs is now signed out.
            login_user(current_user._get_current_object())
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html", form=ProfileForm(obj=current_user), password_form=form
    )
