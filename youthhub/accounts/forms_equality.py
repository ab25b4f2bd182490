"""The "About you (optional)" form: each question a set of radio buttons (ethnicity a list in
its census groups), each starting at "Skip this question", so leaving any out is the default."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from youthhub.accounts.equality_questions import QUESTIONS, Question

CHOOSE_AN_ANSWER = _l("Choose an answer from the list, or skip the question.")
SKIP = SelectChoice("", _l("Skip this question"))


def _radios(question: Question) -> RadioField:
    return RadioField(
        question.label,
        choices=[*(SelectChoice(code, words) for code, words in question.all_options), SKIP],
        validators=[Optional()],
        invalid_choice_message=CHOOSE_AN_ANSWER,
        description=question.hint or "",
    )


def _grouped_list(question: Question) -> SelectField:
    # The choices outside any group come first: skipping, and "Prefer not to say".
    choices = [SKIP, SelectChoice(*question.all_options[-1])]
    for group in question.groups:
        choices += [
            SelectChoice(code, words, optgroup=group.label) for code, words in group.options
        ]
    return SelectField(
        question.label,
        choices=choices,
        validators=[Optional()],
        invalid_choice_message=CHOOSE_AN_ANSWER,
        description=question.hint or "",
    )


class EqualityForm(FlaskForm):
    """One field per question in `QUESTIONS`, named by its key. Give it the answers as
    `data=EqualityForm.shown(answers)`."""

    @staticmethod
    def shown(answers: dict[str, str | None]) -> dict[str, str]:
        return {key: code or "" for key, code in answers.items()}

    def answers(self) -> dict[str, str | None]:
        return {question.key: self[question.key].data or None for question in QUESTIONS}


for _question in QUESTIONS:
    setattr(
        EqualityForm,
        _question.key,
        _grouped_list(_question) if _question.groups else _radios(_question),
    )
