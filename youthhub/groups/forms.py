"""Forms for setting up power groups."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from youthhub.activities.labels import AUDIENCE_NAMES
from youthhub.core.forms import CheckboxListField
from youthhub.groups.services import GroupDetails


class GroupForm(FlaskForm):
    name = StringField(
        _l("Name of the group"),
        validators=[
            DataRequired(_l("Give the group a name.")),
            Length(max=80, message=_l("Keep this to 80 characters or fewer.")),
        ],
    )
    about = TextAreaField(
        _l("What it's about"),
        validators=[Length(max=5000, message=_l("Keep this to 5000 characters or fewer."))],
    )
    meets = StringField(
        _l("How often it meets, e.g. every other Tuesday evening"),
        validators=[
            Optional(),
            Length(max=120, message=_l("Keep this to 120 characters or fewer.")),
        ],
    )
    audience = CheckboxListField(
        _l("Who it's for"), choices=[SelectChoice(t.value, n) for t, n in AUDIENCE_NAMES.items()]
    )

    def details(self) -> GroupDetails:
        return GroupDetails(
            name=self.name.data,
            about=self.about.data or "",
            meets=self.meets.data or "",
            audience=list(self.audience.data),
        )
