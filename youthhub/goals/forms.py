"""Forms for goals, steps, ratings, comments, the report and the admin's areas and contacts."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from youthhub.core.forms import ConfirmForm
from youthhub.goals import services, services_ratings
from youthhub.goals.labels import ICON_NAMES
from youthhub.goals.models import AREA_ICONS, SCORES, GoalStatus
from youthhub.goals.services_admin import AREA_NAME_MAX, CONTACT_NAME_MAX, DESCRIPTION_MAX

CHOOSE_AREA = _l("Choose an area from the list.")
CHOOSE_SCORE = _l("Choose a number from 1 to 10.")
REAL_DATE = _l("Enter a real date.")


def _date_field(label):
    return DateField(
        label,
        validators=[Optional()],
        invalid_value_message=REAL_DATE,
        render_kw={"autocomplete": "off"},
    )


class GoalForm(FlaskForm):
    area = RadioField(
        _l("Which area is it about?"),
        coerce=int,
        validators=[InputRequired(CHOOSE_AREA)],
        invalid_value_message=CHOOSE_AREA,
        invalid_choice_message=CHOOSE_AREA,
    )
    title = TextAreaField(
        _l("What's your goal?"),
        validators=[
            DataRequired(_l("Write your goal in a few words.")),
            Length(
                max=services.TITLE_MAX,
                message=_l(
                    "Keep your goal to 200 characters or fewer. You can add more in the notes."
                ),
            ),
        ],
        render_kw={"rows": 2},
    )
    notes = TextAreaField(
        _l("Anything else you want to remember? (optional)"),
        validators=[
            Optional(),
            Length(
                max=services.NOTES_MAX,
                message=_l("Keep your notes to 2,000 characters or fewer."),
            ),
        ],
        render_kw={"rows": 4},
    )
    target_date = _date_field(_l("When would you like to get there? (optional)"))

    def set_areas(self, areas) -> None:
        self.area.choices = [SelectChoice(area.id, area.name) for area in areas]


STEP_LENGTH = Length(
    max=services.STEP_MAX, message=_l("Keep each step to 200 characters or fewer.")
)


class NewGoalForm(GoalForm):
    """A new goal can come with up to three first steps; more are added on the goal's page."""

    step_1 = StringField(_l("Step 1"), validators=[Optional(), STEP_LENGTH])
    step_2 = StringField(_l("Step 2"), validators=[Optional(), STEP_LENGTH])
    step_3 = StringField(_l("Step 3"), validators=[Optional(), STEP_LENGTH])

    @property
    def steps(self) -> list[str]:
        return [field.data or "" for field in (self.step_1, self.step_2, self.step_3)]


class StepForm(FlaskForm):
    text = StringField(
        _l("Add a small step"),
        validators=[DataRequired(_l("Write the step in a few words.")), STEP_LENGTH],
    )


class StatusForm(FlaskForm):
    status = SelectField(
        choices=[status.value for status in GoalStatus],
        invalid_choice_message=_l("Choose from the list."),
    )


class RatingForm(FlaskForm):
    score = RadioField(
        _l("Where are you now, from 1 to 10?"),
        choices=[str(score) for score in SCORES],
        validators=[InputRequired(CHOOSE_SCORE)],
        invalid_choice_message=CHOOSE_SCORE,
    )
    note = StringField(
        _l("Want to say why? (optional)"),
        validators=[
            Optional(),
            Length(
                max=services_ratings.RATING_NOTE_MAX,
                message=_l("Keep your note to 280 characters or fewer."),
            ),
        ],
    )


class CommentForm(FlaskForm):
    body = TextAreaField(
        _l("Leave an encouraging comment"),
        validators=[
            DataRequired(_l("Write a comment first.")),
            Length(
                max=services.COMMENT_MAX,
                message=_l("Keep your comment to 1,000 characters or fewer."),
            ),
        ],
        render_kw={"rows": 3},
    )


# Admin forms: one name and description box per language the app speaks ---------------------

NAME_LENGTH = Length(max=AREA_NAME_MAX, message=_l("Keep names to 80 characters or fewer."))
DESCRIPTION_LENGTH = Length(
    max=DESCRIPTION_MAX, message=_l("Keep descriptions to 300 characters or fewer.")
)


class _TranslatedForm(FlaskForm):
    """A form with `name_<code>`/`description_<code>` boxes, added per language at runtime."""

    def texts(self, prefix: str) -> dict[str, str]:
        return {
            code: self[f"{prefix}_{code}"].data or "" for code in current_app.config["LANGUAGES"]
        }

    def fields_for(self, prefix: str) -> list:
        return [self[f"{prefix}_{code}"] for code in current_app.config["LANGUAGES"]]


def _with_languages(base, prefixes: dict) -> type:
    """A subclass of `base` with a box for each (prefix, language); labels are made from the
    language's name."""
    fields = {}
    for code, language in current_app.config["LANGUAGES"].items():
        for prefix, (label, field_class, length) in prefixes.items():
            fields[f"{prefix}_{code}"] = field_class(
                label(language), validators=[Optional(), length], render_kw={"lang": code}
            )
    return type(base.__name__, (base,), fields)


class _AreaBase(_TranslatedForm):
    icon = SelectField(
        _l("Picture"),
        choices=[SelectChoice(icon, ICON_NAMES[icon]) for icon in AREA_ICONS],
        invalid_choice_message=_l("Choose a picture from the list."),
    )
    offers_help = BooleanField(
        _l('Offer help and the "ask my worker to get in touch" button after a very low rating')
    )


class _HelpContactBase(_TranslatedForm):
    name = StringField(
        _l("Name"),
        validators=[
            DataRequired(_l("Give the contact a name.")),
            Length(max=CONTACT_NAME_MAX, message=_l("Keep names to 80 characters or fewer.")),
        ],
    )
    phone = StringField(
        _l("Phone number (optional)"),
        validators=[Optional(), Length(max=40, message=_l("That phone number is too long."))],
        render_kw={"inputmode": "tel"},
    )
    website = StringField(
        _l("Website (optional)"),
        validators=[Optional(), Length(max=200, message=_l("That website address is too long."))],
        render_kw={"inputmode": "url", "spellcheck": "false"},
    )


def area_form(**kwargs) -> _TranslatedForm:
    form_class = _with_languages(
        _AreaBase,
        {
            "name": (
                lambda language: _l("Name (%(language)s)", language=language),
                StringField,
                NAME_LENGTH,
            ),
            "description": (
                lambda language: _l("Description (%(language)s)", language=language),
                TextAreaField,
                DESCRIPTION_LENGTH,
            ),
        },
    )
    return form_class(**kwargs)


def help_contact_form(**kwargs) -> _TranslatedForm:
    form_class = _with_languages(
        _HelpContactBase,
        {
            "description": (
                lambda language: _l("How they can help (%(language)s)", language=language),
                TextAreaField,
                DESCRIPTION_LENGTH,
            )
        },
    )
    return form_class(**kwargs)


class TickForm(ConfirmForm):
    """Tick or untick a step. The button says which it meant (`done`), so a tap saved on a phone
    and sent later never undoes a tick made meanwhile elsewhere."""

    done = HiddenField()

    @property
    def wanted(self) -> bool | None:
        """True to tick, False to untick, None to turn it over (a page from before `done`)."""
        return {"1": True, "0": False}.get(self.done.data)
