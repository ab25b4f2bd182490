"""How goals' statuses and areas' icons are named to people, in their language."""

from flask_babel import lazy_gettext as _l

from youthhub.goals.models import GoalStatus

GOAL_STATUS_NAMES = {
    GoalStatus.ACTIVE: _l("On the go"),
    GoalStatus.PAUSED: _l("Paused"),
    GoalStatus.ACHIEVED: _l("Achieved"),
    GoalStatus.LET_GO: _l("Let go"),
}

ICON_NAMES = {
    "family": _l("Family"),
    "learning": _l("Book"),
    "job": _l("Briefcase"),
    "studying": _l("Graduation cap"),
    "empowered": _l("Megaphone"),
    "happy": _l("Smile"),
    "healthy": _l("Heart"),
    "independence": _l("Key"),
    "star": _l("Star"),
}
