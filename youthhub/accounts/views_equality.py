"""A young person's own "About you (optional)" answers for equality monitoring: answer, change
or remove them. Only they ever see this page; staff see counts on the monitoring page."""

from flask import Blueprint, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts import equality
from youthhub.accounts.equality_questions import QUESTION_KEYS, QUESTIONS
from youthhub.accounts.forms_equality import EqualityForm
from youthhub.accounts.models import Role
from youthhub.core.access import roles
from youthhub.core.forms import ConfirmForm, button_action, form_action

blueprint = Blueprint(
    "equality", __name__, url_prefix="/profile/about-you", template_folder="templates"
)


@blueprint.route("", methods=["GET", "POST"])
@roles(Role.YOUNG_PERSON)
def about_you():
    row = equality.answers_of(current_user, actor=current_user)
    answers = row.answers() if row else dict.fromkeys(QUESTION_KEYS)
    form = EqualityForm(data=EqualityForm.shown(answers))
    return form_action(
        form,
        lambda: equality.save_answers(current_user, form.answers(), actor=current_user),
        done=_("Thank you. Your answers are saved, and you can change them any time."),
        then=url_for("equality.about_you"),
        page=lambda: render_template(
            "accounts/about_you.html",
            form=form,
            questions=QUESTIONS,
            has_answers=row is not None,
            confirm=ConfirmForm(),
        ),
    )


@blueprint.post("/remove")
@roles(Role.YOUNG_PERSON)
def remove():
    return button_action(
        lambda: equality.remove_answers(current_user, actor=current_user),
        done=_("Your answers are removed. We no longer hold any of them."),
        then=url_for("equality.about_you"),
    )
