"""The app's navigation. An entry appears once its page exists and the person may see it."""

from dataclasses import dataclass

from flask import current_app, request, url_for
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from youthhub.core.i18n import page_locale
from youthhub.core.kept import kept


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


@dataclass(frozen=True)
class MenuLink:
    """A menu entry as a page shows it: its label in the page's language, its link and icon."""

    endpoint: str
    label: Markup
    icon: str
    url: str
    icon_svg: Markup


def menu(items, user) -> tuple[MenuLink, ...]:
    """The entries of `items` that `user` may see, ready to show.

    Every page shows a menu, and making it (a translation, a `url_for` and an icon template per
    entry) was a tenth of a small page. It is the same for everyone with the same roles, so it is
    made once per language, set of roles and mount point, and kept with the app.
    """
    if user is None:
        return ()
    # A menu depends only on the language, the roles and where the app is mounted, never on
    # who the person is.
    key = (id(items), page_locale(), user.roles, request.script_root)
    return kept("menus", key, lambda: tuple(_link(item) for item in visible(items, user)))


def _link(item: NavItem) -> MenuLink:
    icon = current_app.jinja_env.get_template(f"icons/{item.icon}.svg").render()
    # Both are ours and shown as they are, as before: an include's output, and a lazy label's
    # (Flask-Babel's lazy strings are HTML-safe, so "Beth sy'n digwydd" keeps its apostrophe).
    svg = Markup(icon)  # noqa: S704
    label = Markup(item.label.__html__())  # noqa: S704
    return MenuLink(item.endpoint, label, item.icon, url_for(item.endpoint), svg)
