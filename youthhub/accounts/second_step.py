"""The second step of signing in, kept apart from the password check and from how a session
is started, so each can change on its own.

    password accepted → `after_password`: if the person has a second factor, remember a
    pending sign-in in the session and send them to the factor page (they are not signed in
    yet) → the factor is right → the session is started and marked `factor_checked`.

A session also remembers when a factor was last checked, which is what step-up
(`recent_factor_required`) asks before paying, changing rates or roles, or erasing data; and
`require_second_factor` (a `before_request` hook) keeps finance and admin without a factor
on the page that sets one up.
"""

import time
from collections.abc import Callable
from functools import wraps

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts import mfa, sessions
from youthhub.accounts.models import User
from youthhub.core.access import LONGEST_NEXT, rule_for
from youthhub.core.redirects import is_safe_next
from youthhub.extensions import db

# When a second factor was last checked in this session (seconds since the epoch), or 0 when
# the session began for someone with no factor who needs none.
FACTOR_CHECKED_AT = "factor_checked_at"
PENDING = "pending_sign_in"
PENDING_SECONDS = 10 * 60
# What a finance or admin person without a factor may still reach: setting one up (and
# changing a weak password, which comes first).
SETTING_UP = frozenset(
    {
        "accounts_mfa.security",
        "accounts_mfa.authenticator",
        "accounts_mfa.passkey_options",
        "accounts_mfa.add_passkey",
        # A password that fails the rule is changed first of all (see accounts.views).
        "accounts.change_password",
    }
)


def _now() -> int:
    return int(time.time())


def factor_checked() -> None:
    session[FACTOR_CHECKED_AT] = _now()


def factor_checked_recently() -> bool:
    at = session.get(FACTOR_CHECKED_AT) or 0
    return _now() - at <= current_app.config["STEP_UP_MINUTES"] * 60


# Signing in ---------------------------------------------------------------------------------


def after_password(user: User, *, remember: bool, target: str, start: Callable):
    """The password was right: ask for the second factor, or start the session now."""
    if mfa.has_second_factor(user):
        return _ask_for_factor(user, remember=remember, target=target)
    start(user, remember=remember)
    if not mfa.factor_required(user):
        session[FACTOR_CHECKED_AT] = 0
    return redirect(target if is_safe_next(target) else url_for("home.home"))


def _ask_for_factor(user: User, *, remember: bool, target: str):
    """Not signed in yet: remember who is half-way, and ask for their second factor."""
    target = target or ""
    chosen_locale = session.get("locale")
    # Whatever session this browser had ends here (on the server too), not just in its cookie.
    sessions.end_this_session()
    if chosen_locale:
        session["locale"] = chosen_locale
    session[PENDING] = {
        "user": user.id,
        "version": user.session_version,
        "remember": bool(remember),
        "next": target if len(target) <= LONGEST_NEXT and is_safe_next(target) else "",
        "at": _now(),
    }
    return redirect(url_for("accounts_mfa.second_step"))


def pending_user() -> User | None:
    """The person half-way through signing in, if the pending sign-in is recent and their
    account has not changed since (password, switched off)."""
    pending = session.get(PENDING)
    if not isinstance(pending, dict) or _now() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("user"))
    if user is None or not user.is_active or user.session_version != pending.get("version"):
        return None
    return user


def finish_sign_in(user: User, *, start: Callable) -> str:
    """The factor was right: start the session and return where to go."""
    pending = session.get(PENDING) or {}
    start(user, remember=pending.get("remember", False))
    factor_checked()
    target = pending.get("next") or ""
    return target if is_safe_next(target) else url_for("home.home")


# The gate -----------------------------------------------------------------------------------


def _sign_in_again(user: User):
    """Signed in without a factor check (e.g. by a "remember me" cookie): ask for it now."""
    target = request.full_path.rstrip("?") if request.method == "GET" else ""
    return _ask_for_factor(user, remember=True, target=target)


def require_second_factor():
    """`before_request` hook, after the access rule: a session is used only once its second
    factor was checked, and finance and admin only once they have one."""
    if request.endpoint is None:
        return None
    user = current_user._get_current_object()
    if not user.is_authenticated:
        return None
    rule = rule_for(request.endpoint)
    if rule is None or rule.public:
        return None
    checked_at = session.get(FACTOR_CHECKED_AT)
    if checked_at or (checked_at == 0 and not mfa.factor_required(user)):
        return None
    if mfa.has_second_factor(user):
        return _sign_in_again(user)
    if mfa.factor_required(user):
        if request.endpoint in SETTING_UP:
            return None
        flash(_("Before you go on, set up a second way to prove it's you."), "info")
        return redirect(url_for("accounts_mfa.security"))
    session[FACTOR_CHECKED_AT] = 0
    return None


# Step-up ------------------------------------------------------------------------------------


def recent_factor_required(back: Callable[..., str]) -> Callable:
    """Before a sensitive action (paying, rates, roles, resetting factors, erasing): the factor must
    have been checked in the last STEP_UP_MINUTES, else confirm it and come `back` (a function
    of the view's arguments giving the page to return to). What was sent is kept meanwhile, so
    after confirming one tap sends it again (`kept_for_step_up`) and nothing typed is lost."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if request.method == "POST" and not factor_checked_recently():
                back_to = back(**kwargs)
                if _keep_what_was_sent(back_to):
                    flash(_("To keep this safe, confirm it's you, then carry on."), "info")
                else:
                    flash(_("To keep this safe, confirm it's you, then do it again."), "info")
                return redirect(url_for("accounts_mfa.confirm", next=back_to))
            if request.method == "POST" and KEPT in session:
                del session[KEPT]
            return view(*args, **kwargs)

        wrapper.needs_recent_factor = True
        return wrapper

    return decorator


# What was sent when step-up asked, kept in the (signed, HttpOnly) session cookie for a few
# minutes: it is the person's own form, and a cookie holds about 4 KB in all, so a bigger form
# is not kept (they fill it in again, as before).
KEPT = "kept_for_step_up"
KEPT_SECONDS = 10 * 60
KEPT_LARGEST = 2_000


def _keep_what_was_sent(back_to: str) -> bool:
    sent = request.form.items(multi=True)
    fields = [[name, value] for name, value in sent if name != "csrf_token"]
    target = request.full_path.rstrip("?")
    if sum(len(name) + len(value) for name, value in fields) + len(target) > KEPT_LARGEST:
        session.pop(KEPT, None)
        return False
    session[KEPT] = {"to": target, "fields": fields, "back": back_to, "at": _now()}
    return True


def kept_for_step_up() -> dict | None:
    """The form sent before confirming, if it is recent: {"to", "fields", "back"}."""
    kept = session.get(KEPT)
    if not isinstance(kept, dict) or _now() - kept.get("at", 0) > KEPT_SECONDS:
        return None
    if not is_safe_next(kept.get("to", "")) or not is_safe_next(kept.get("back", "")):
        return None
    return kept


def after_step_up(target: str) -> str:
    """Where confirming leads: to send what was kept, or back to `target`."""
    if kept_for_step_up() is not None:
        return url_for("accounts_mfa.carry_on")
    return target if is_safe_next(target) else url_for("home.home")
