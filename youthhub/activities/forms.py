"""Forms for publishing activities, cancelling them, and the register."""

from datetime import UTC, datetime

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields import DateField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    Optional,
)

from youthhub.activities.labels import AUDIENCE_NAMES, KIND_NAMES
from youthhub.activities.models import ActivityKind, AudienceTag
from youthhub.activities.publishing import ActivityDetails
from youthhub.core.forms import (
    CHOOSE_FROM_LIST,
    CheckboxListField,
    HoursField,
    WholeNumberField,
)
from youthhub.core.time import LONDON

REPEAT_CHOICES = [
    SelectChoice("none", _l("Just once")),
    SelectChoice("weekly", _l("Every week")),
    SelectChoice("fortnightly", _l("Every two weeks")),
]


class FriendlyDateField(DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a real date, like 27 3 2027.")) from None


class FriendlyTimeField(TimeField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a time like 18:30.")) from None


def _text(label, length, required=None):
    validators = [DataRequired(required)] if required else [Optional()]
    message = _l("Keep this to %(max)d characters or fewer.", max=length)
    return StringField(label, validators=[*validators, Length(max=length, message=message)])


def london_moment(day, time) -> datetime:
    return datetime.combine(day, time).replace(tzinfo=LONDON).astimezone(UTC)


class ActivityForm(FlaskForm):
    title = _text(_l("Name of the activity"), 120, _l("Give the activity a name."))
    kind = SelectField(
        _l("What kind of activity"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_NAMES.items()],
        invalid_choice_message=CHOOSE_FROM_LIST,
    )
    description = TextAreaField(
        _l("What it's about"),
        validators=[Length(max=5000, message=_l("Keep this to 5000 characters or fewer."))],
    )
    day = FriendlyDateField(_l("Date"), validators=[InputRequired(_l("Enter the date."))])
    start_time = FriendlyTimeField(
        _l("Starts at"), validators=[InputRequired(_l("Enter the start time."))]
    )
    end_time = FriendlyTimeField(
        _l("Finishes at"), validators=[InputRequired(_l("Enter the finish time."))]
    )
    place = _text(_l("Where"), 200)
    online_link = StringField(
        _l("Online link (optional)"),
        validators=[
            Optional(),
            Length(max=500, message=_l("Keep this to 500 characters or fewer.")),
            URL(message=_l("Enter a full web address, starting https://")),
        ],
    )
    what_to_bring = _text(_l("What to bring (optional)"), 300)
    contact = _text(_l("Who to contact (optional)"), 200)
    capacity = WholeNumberField(
        _l("Places (leave empty for no limit)"),
        [Optional()],
        least=1,
        most=10000,
        range_message=_l("Enter a number from 1 to 10000."),
    )
    audience = CheckboxListField(
        _l("Who it's for"), choices=[SelectChoice(t.value, n) for t, n in AUDIENCE_NAMES.items()]
    )
    booking_closes_hours = WholeNumberField(
        _l("Bookings close this many hours before the start"),
        [InputRequired(_l("Enter a number of hours, or 0."))],
        default=1,
        least=0,
        most=336,
        range_message=_l("Enter a number from 0 to 336."),
    )
    group_id = SelectField(
        _l("Power group (optional)"),
        choices=[],
        default="",
        invalid_choice_message=CHOOSE_FROM_LIST,
    )
    is_paid_role = BooleanField(_l("This is a paid role"))
    contribution_kind = _text(_l("Kind of contribution, e.g. youth panel member"), 80)
    expected_hours = HoursField(
        _l("Expected hours"),
        [Optional()],
        least="0.01",
        most=24,
        step=None,
        message=_l("Enter hours like 2 or 1.5."),
        range_message=_l("Expected hours need to be more than 0 and at most 24."),
    )
    repeat = SelectField(
        _l("Repeats"), choices=REPEAT_CHOICES, invalid_choice_message=CHOOSE_FROM_LIST
    )
    sessions = WholeNumberField(
        _l("How many sessions in total"),
        [Optional()],
        default=1,
        least=1,
        most=52,
        range_message=_l("Enter a number from 1 to 52."),
    )

    def set_groups(self, groups, allow_none: bool = True) -> None:
        choices = [SelectChoice("", _l("No group"))] if allow_none else []
        self.group_id.choices = choices + [SelectChoice(str(g.id), g.name) for g in groups]

    def details(self, groups_by_id: dict) -> ActivityDetails:
        return ActivityDetails(
            title=self.title.data,
            kind=ActivityKind(self.kind.data),
            description=self.description.data or "",
            starts_at=london_moment(self.day.data, self.start_time.data),
            ends_at=london_moment(self.day.data, self.end_time.data),
            place=self.place.data,
            online_link=self.online_link.data,
            what_to_bring=self.what_to_bring.data,
            contact=self.contact.data,
            capacity=self.capacity.data,
            audience=[AudienceTag(t) for t in self.audience.data],
            booking_closes_hours=self.booking_closes_hours.data,
            group=groups_by_id.get(self.group_id.data),
            is_paid_role=self.is_paid_role.data,
            contribution_kind=self.contribution_kind.data,
            expected_minutes=self.expected_hours.data,
        )

    def fill_from(self, activity) -> None:
        starts = activity.starts_at.astimezone(LONDON)
        self.day.data, self.start_time.data = starts.date(), starts.time()
        self.end_time.data = activity.ends_at.astimezone(LONDON).time()
        self.audience.data = [t.value for t in activity.audience]
        self.group_id.data = str(activity.group_id or "")
        self.kind.data = activity.kind.value
        self.expected_hours.data = activity.expected_minutes or None


class CancelActivityForm(FlaskForm):
    reason = _text(_l("Reason (optional, people booked will see it)"), 300)


class RegisterForm(FlaskForm):
    """Only the headcounts are fields: the attended/not attended marks come as `came-<id>`."""

    professionals = WholeNumberField(
        _l("Professionals who came"),
        [Optional()],
        default=0,
        least=0,
        most=10000,
        range_message=_l("Enter a number from 0 to 10000."),
    )
    guests = WholeNumberField(
        _l("Other guests who came"),
        [Optional()],
        default=0,
        least=0,
        most=10000,
        range_message=_l("Enter a number from 0 to 10000."),
    )
    # A big event where nobody took names: they still count as young people who came.
    unnamed = WholeNumberField(
        _l("Young people we didn't take names for"),
        [Optional()],
        default=0,
        least=0,
        most=10000,
        range_message=_l("Enter a number from 0 to 10000."),
    )
