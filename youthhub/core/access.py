"""Deny-by-default access rules: every view declares who may see it.

A view without a rule is refused for everyone, and `tests/core/test_access.py` walks the URL map
so a forgotten rule fails the build rather than leaking a page.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user

from youthhub.core.redirects import is_safe_next


@dataclass(frozen=True)
class AccessRule:
    public: bool = False
    roles: frozenset[str] = frozenset()  # empty means any signed-in person

    def describe(self) -> str:
        if self.public:
            return "public"
        return "signed in" if not self.roles else "roles: " + ", ".join(sorted(self.roles))


def _declare(rule: AccessRule) -> Callable:
    def decorator(view):
        view.access_rule = rule
        return view

    return decorator


public = _declare(AccessRule(public=True))
signed_in = _declare(AccessRule())


def roles(*names: str) -> Callable:
    """Only people holding at least one of these roles."""
    return _declare(AccessRule(roles=frozenset(names)))


def rule_for(endpoint: str | None) -> AccessRule | None:
    view = current_app.view_functions.get(endpoint) if endpoint else None
    return getattr(view, "access_rule", None)


# Longer than any address a person follows: anything longer comes back to the page without its
# query, rather than making every refused request spend time escaping a megabyte into a link.
LONGEST_NEXT = 2000


def _come_back_to() -> str | None:
    """Where to return after logging in: the page asked for, if it was a GET on this site."""
    if request.method != "GET":
        return None
    target = request.full_path.rstrip("?")
    if len(target) > LONGEST_NEXT:
        target = request.path
    return target if len(target) <= LONGEST_NEXT and is_safe_next(target) else None


def enforce_access():
    """`before_request` hook: apply the matched view's rule, refusing views without one."""
    if request.endpoint is None:  # 404/405 are handled by their own error pages
        return None
    rule = rule_for(request.endpoint)
    if rule is None:
        current_app.logger.error("No access rule declared for %s", request.endpoint)
        abort(403)
    if rule.public:
        return None
    user = current_user._get_current_object()  # the person, not the proxy, asked twice
    if not user.is_authenticated:
        return redirect(url_for("accounts.login", next=_come_back_to()))
    if rule.roles and not user.has_any_role(rule.roles):
        abort(403)
    return None
