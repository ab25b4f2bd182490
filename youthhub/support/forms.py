"""The admin's form for a kind of support: a name box per language."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import Length, Optional

from youthhub.support.services import KIND_NAME_MAX

NAME_LENGTH = Length(max=KIND_NAME_MAX, message=_l("Keep names to 80 characters or fewer."))


class _KindBase(FlaskForm):
    def names(self) -> dict[str, str]:
        return {code: self[f"name_{code}"].data or "" for code in current_app.config["LANGUAGES"]}

    def name_fields(self) -> list:
        return [self[f"name_{code}"] for code in current_app.config["LANGUAGES"]]


def kind_form(**kwargs) -> _KindBase:
    """A form with a `name_<code>` box for each of the app's languages."""
    fields = {
        f"name_{code}": StringField(
            _l("Name (%(language)s)", language=language),
            validators=[Optional(), NAME_LENGTH],
            render_kw={"lang": code},
        )
        for code, language in current_app.config["LANGUAGES"].items()
    }
    return type("KindForm", (_KindBase,), fields)(**kwargs)
