"""The register at the door, on a phone: staff, or a lead of the activity's power group."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.forms_people import NewYoungPersonForm
from youthhub.accounts.models import Role, User
from youthhub.activities import queries, register
from youthhub.activities.forms import RegisterForm
from youthhub.activities.organisers import can_run
from youthhub.activities.register_people import add_new_young_person
from youthhub.activities.views import activity_or_404
from youthhub.activities.views_register_people import new_person_context
from youthhub.core.access import roles
from youthhub.core.forms import ConfirmForm, button_action, form_action
from youthhub.extensions import db

blueprint = Blueprint("register", __name__, template_folder="templates")
# Young people are let through to the object check: only a lead of the activity's group passes.
MAY_TAKE_REGISTERS = (Role.YOUTH_WORKER, Role.ADMIN, Role.YOUNG_PERSON)


def _runnable_activity(activity_id):
    activity = activity_or_404(activity_id)
    if not can_run(current_user, activity.group):
        abort(403)
    return activity


def _marks() -> dict[int, bool]:
    """`came-<id>` is "yes" or "no" for each person on the register; missing means unmarked.
    (Anyone not on the register is refused by the service, before anything is saved.)"""
    marks = {}
    for name, value in request.form.items():
        person_id = name.removeprefix("came-")
        if name.startswith("came-") and _is_id(person_id) and value in ("yes", "no"):
            marks[int(person_id)] = value == "yes"
    return marks


def _is_id(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 18


@blueprint.route("/activities/<id:activity_id>/register", methods=["GET", "POST"])
@roles(*MAY_TAKE_REGISTERS)
def take(activity_id):
    activity = _runnable_activity(activity_id)
    form = RegisterForm(obj=_Counts(activity) if request.method == "GET" else None)
    return form_action(
        form,
        lambda: register.save_register(
            activity,
            actor=current_user,
            marks=_marks(),
            professionals=form.professionals.data or 0,
            guests=form.guests.data or 0,
            unnamed=form.unnamed.data or 0,
        ),
        done=_("Register saved."),
        then=url_for("register.take", activity_id=activity.id),
        page=lambda: _register_page(activity, form),
    )


def _register_page(activity, form, new_person=None):
    """The register as it stands, or, after a refusal rolled the save back, as it stood, with
    what was marked and typed kept from the form (a new person's form keeps its own)."""
    search = request.args.get("q", "")[:80]
    return render_template(
        "activities/register.html",
        activity=activity,
        # Offered only when saving would be accepted: the same rule the service raises.
        closed=register.register_refusal(activity, current_user),
        lines=queries.register_lines(activity),
        posted=request.form if request.method == "POST" and new_person is None else None,
        form=form,
        search=search,
        found=queries.find_young_people(search) if search else [],
        confirm=ConfirmForm(),
        **new_person_context(search, new_person),
    )


class _Counts:
    def __init__(self, activity):
        self.professionals = activity.professionals_count
        self.guests = activity.guests_count
        self.unnamed = activity.unnamed_young_people


@blueprint.post("/activities/<id:activity_id>/register/walk-in/<id:user_id>")
@roles(*MAY_TAKE_REGISTERS)
def walk_in(activity_id, user_id):
    activity = _runnable_activity(activity_id)
    person = db.session.get(User, user_id) or abort(404)
    return button_action(
        lambda: register.add_walk_in(activity, person, actor=current_user),
        done=_("%(name)s is on the register.", name=person.preferred_name),
        then=url_for("register.take", activity_id=activity.id),
    )


@blueprint.post("/activities/<id:activity_id>/register/new-person")
@roles(Role.YOUTH_WORKER, Role.ADMIN)
def add_person(activity_id):
    """A young person without an account, added by name once the search did not find them."""
    activity = _runnable_activity(activity_id)
    form = NewYoungPersonForm()
    name = " ".join((form.preferred_name.data or "").split())
    return form_action(
        form,
        lambda: add_new_young_person(
            activity,
            actor=current_user,
            preferred_name=name,
            pronouns=form.pronouns.data,
            date_of_birth=form.date_of_birth,
            someone_new=form.someone_new.data,
        ),
        done=_("%(name)s is on the register.", name=name),
        then=url_for("register.take", activity_id=activity.id),
        page=lambda: _register_page(
            activity, RegisterForm(formdata=None, obj=_Counts(activity)), new_person=form
        ),
    )
