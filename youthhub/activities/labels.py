"""How activities' kinds and audiences are named to people, in their language."""

from flask_babel import lazy_gettext as _l

from youthhub.activities.models import ActivityKind, AudienceTag

KIND_NAMES = {
    ActivityKind.TRIP: _l("Trip"),
    ActivityKind.MEAL: _l("Meal"),
    ActivityKind.WORKSHOP: _l("Workshop"),
    ActivityKind.CO_DESIGN: _l("Co-design"),
    ActivityKind.TRAINING: _l("Training"),
    ActivityKind.PANEL: _l("Panel"),
    ActivityKind.SHOWCASE: _l("Showcase"),
    ActivityKind.MEETING: _l("Meeting"),
    ActivityKind.OTHER: _l("Something else"),
}
AUDIENCE_NAMES = {
    AudienceTag.OPEN_TO_ALL: _l("Open to all"),
    AudienceTag.MOVEMENT_MEMBERS: _l("Movement members"),
    AudienceTag.NEW_MEMBERS: _l("New members"),
    AudienceTag.ONLINE: _l("Online"),
}
