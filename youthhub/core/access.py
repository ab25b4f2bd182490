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
    if not current_user.is_authenticated:
        target = request.full_path if request.method == "GET" else None
        next_url = target.rstrip("?") if target and is_safe_next(target) else None
        return redirect(url_for("accounts.login", next=next_url))
    if rule.roles and not current_user.has_any_role(rule.roles):
        abort(403)
    return None
