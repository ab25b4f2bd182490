"""The app's navigation. An entry appears once its page exists and the person may see it."""

from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object
    icon: str
    roles: frozenset[str] = frozenset()


YOUNG_PERSON_NAV = (
    NavItem("home.home", _l("Home"), "home"),
    NavItem("activities.whats_on", _l("What's on"), "calendar"),
    NavItem("groups.index", _l("Groups"), "people"),
    NavItem("goals.index", _l("Goals"), "star"),
    NavItem("payments.money", _l("Money"), "coin"),
)

STAFF_NAV = (
    NavItem(
        "home.staff_home", _l("Staff home"), "home", frozenset({"youth_worker", "finance", "admin"})
    ),
    NavItem(
        "accounts_manage.my_young_people",
        _l("My young people"),
        "people",
        frozenset({"youth_worker"}),
    ),
    NavItem(
        "activities_manage.index",
        _l("Activities"),
        "calendar",
        frozenset({"youth_worker", "admin"}),
    ),
    NavItem("groups_manage.index", _l("Groups"), "people", frozenset({"youth_worker", "admin"})),
    NavItem(
        "reports.activities",
        _l("Activity table"),
        "star",
        frozenset({"youth_worker", "admin"}),
    ),
    NavItem("endings_manage.index", _l("Endings"), "star", frozenset({"youth_worker", "admin"})),
    NavItem("payments_manage.claims", _l("Claims"), "coin", frozenset({"youth_worker"})),
    NavItem("payments_manage.finance", _l("Payments"), "coin", frozenset({"finance"})),
    NavItem("goals_manage.shared", _l("Shared goals"), "star", frozenset({"youth_worker"})),
    NavItem("accounts_manage.people", _l("People"), "people", frozenset({"admin"})),
    NavItem("rates.rate_card", _l("Rate card"), "coin", frozenset({"admin"})),
    NavItem("accounts_manage.invites", _l("Invite staff"), "mail", frozenset({"admin"})),
    NavItem("goals_admin.areas", _l("Goal areas"), "star", frozenset({"admin"})),
    NavItem("support.kinds", _l("Kinds of support"), "star", frozenset({"admin"})),
    NavItem("monitoring.page", _l("Monitoring"), "star", frozenset({"admin", "evaluator"})),
    # Staff get notices too ("… would like you to get in touch"); young people see theirs at home.
    NavItem(
        "notices.index", _l("Your news"), "mail", frozenset({"youth_worker", "finance", "admin"})
    ),
    NavItem("rights_manage.requests", _l("Data rights"), "people", frozenset({"admin"})),
)


def visible(items, user) -> list[NavItem]:
    views = current_app.view_functions
    return [
        item
        for item in items
        if item.endpoint in views and (not item.roles or user.has_any_role(item.roles))
    ]
