"""The register at the door, on a phone: staff, or a lead of the activity's power group."""

from typing import NamedTuple

from flask import Blueprint, abort, jsonify, render_template, request, url_for
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.forms_people import NewYoungPersonForm
from youthhub.accounts.models import Role, User
from youthhub.activities import queries, register, register_offline, register_sync
from youthhub.activities.forms import RegisterForm
from youthhub.activities.models import RegisterConflict
from youthhub.activities.organisers import can_run
from youthhub.activities.register_people import add_new_young_person
from youthhub.activities.views import activity_or_404
from youthhub.activities.views_register_people import new_person_context
from youthhub.core.access import roles
from youthhub.core.forms import ConfirmForm, button_action, form_action
from youthhub.core.i18n import page_locale
from youthhub.extensions import db

blueprint = Blueprint("register", __name__, template_folder="templates")
# Young people are let through to the object check: only a lead of the activity's group passes.
MAY_TAKE_REGISTERS = (Role.YOUTH_WORKER, Role.ADMIN, Role.YOUNG_PERSON)


def _runnable_activity(activity_id):
    activity = activity_or_404(activity_id)
    if not can_run(current_user, activity.group):
        abort(403)
    return activity


# Each line's two radios are named this and the person's id.
MARK = "came-"


def _marks() -> dict[int, bool]:
    """`came-<id>` is "yes" or "no" for each person on the register; missing means unmarked.
    (Anyone not on the register is refused by the service, before anything is saved.)"""
    marks = {}
    for name, value in request.form.items():
        person_id = name.removeprefix(MARK)
        if name.startswith(MARK) and _is_id(person_id) and value in ("yes", "no"):
            marks[int(person_id)] = value == "yes"
    return marks


class ShownLine(NamedTuple):
    """What the page shows of a register line: worked out once here, not by the template from
    the line's person for each use (a register of 40 did that several hundred times)."""

    person_id: int
    mark: str  # the name of its radios, `came-<id>`
    name: str
    walk_in: bool
    was: str  # as saved: "1" came, "0" didn't come, "" not marked yet
    ticked: str | None  # the radio ticked: "yes", "no", or none


def _shown_lines(lines, posted) -> list[ShownLine]:
    """`lines` as shown: ticked as saved, or, when a save was refused, as `posted`."""
    shown = []
    for line in lines:
        person = line.person
        mark = f"{MARK}{person.id}"
        was = "1" if line.attended else ("0" if line.attended is False else "")
        ticked = posted.get(mark) if posted else {"1": "yes", "0": "no"}.get(was)
        shown.append(ShownLine(person.id, mark, person.preferred_name, line.walk_in, was, ticked))
    return shown


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
    closed = register.register_refusal(activity, current_user)
    lines = queries.register_lines(activity)
    posted = request.form if request.method == "POST" and new_person is None else None
    return render_template(
        "activities/register.html",
        activity=activity,
        # Offered only when saving would be accepted: the same rule the service raises.
        closed=closed,
        conflicts=[] if closed else register_sync.open_conflicts(activity),
        offline_words=_offline_words(),
        lines=lines,
        shown_lines=_shown_lines(lines, posted),
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


# The register with no signal (`register_sync`, static/js/register-offline.js) ---------------


@blueprint.get("/activities/registers/today.json")
@roles(Role.YOUTH_WORKER, Role.ADMIN)
def today_json():
    """Today's registers for the worker's phone to keep (opened from the staff home)."""
    body = register_offline.todays_registers(
        current_user, lambda activity: url_for("register.take", activity_id=activity.id)
    )
    response = jsonify(body)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.post("/activities/registers/sync")
@roles(*MAY_TAKE_REGISTERS)
def sync():
    """Changes a phone kept while it had no signal (JSON, the CSRF token in a header): each is
    answered, applied once, merged, kept as a conflict, or refused with the reason."""
    sent = request.get_json(silent=True)
    items = sent.get("changes") if isinstance(sent, dict) else None
    if not isinstance(items, list):
        return jsonify(error=str(register_sync.UNREADABLE)), 400
    answers = register_sync.apply_changes(items, actor=current_user)
    return jsonify(answers=[answer.as_json() for answer in answers])


@blueprint.post("/activities/<id:activity_id>/register/decide")
@roles(*MAY_TAKE_REGISTERS)
def decide(activity_id):
    """A worker decides a conflict between two workers' registers."""
    activity = _runnable_activity(activity_id)
    conflict_id, answer = request.form.get("conflict", ""), request.form.get("answer", "")
    conflict = db.session.get(RegisterConflict, int(conflict_id)) if _is_id(conflict_id) else None
    if conflict is None or conflict.activity_id != activity.id:
        abort(404)
    return button_action(
        lambda: register_sync.decide_conflict(
            conflict, actor=current_user, answer=int(answer) if _is_id(answer) else -1
        ),
        done=_("Thanks. The register now says what you decided."),
        then=url_for("register.take", activity_id=activity.id),
    )


# What the register's script says depends only on the language: made once per language (the
# 200 plural look-ups below were about a quarter of the register page's time).
_OFFLINE_WORDS: dict[str, dict] = {}


def _offline_words() -> dict:
    """What the register's script says, in the page's language (made once per language)."""
    language = str(page_locale())
    if language not in _OFFLINE_WORDS:
        _OFFLINE_WORDS[language] = _offline_words_in_page_language()
    return _OFFLINE_WORDS[language]


def _offline_words_in_page_language() -> dict:
    """ "N changes waiting" has a sentence for each of the language's plural forms (Welsh has
    six), named as the browser's `Intl.PluralRules` names them, with {n} where the number goes."""
    waiting = {}
    for number in range(200):
        form = get_locale().plural_form(number)
        waiting.setdefault(
            form,
            ngettext(
                "%(count)s change waiting to send",
                "%(count)s changes waiting to send",
                number,
                count="{n}",
            ),
        )
    return {
        "waiting": waiting,
        "allSent": _("All changes sent."),
        "savedHere": _("Saved on this phone. It sends by itself when there's signal."),
        "decide": _("Another worker marked some of this register differently."),
        "decideLink": _("Open the register to decide which is right"),
        "walkIn": _("Walk-in"),
        "waitingTag": _("Waiting to send"),
        "notSent": _("Not sent"),
        "remove": _("Remove"),
        "came": _("%(name)s: came", name="{name}"),
        "didNotCome": _("%(name)s: didn't come", name="{name}"),
        "walkedIn": _("%(name)s walked in", name="{name}"),
        "count": {
            "professionals": _("Professionals: %(number)s", number="{n}"),
            "guests": _("Guests: %(number)s", number="{n}"),
            "unnamed": _("Young people without names: %(number)s", number="{n}"),
        },
    }
