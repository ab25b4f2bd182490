"""Merging two records of one young person: a worker finds the other record, sees what will
move, and confirms."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role, User
from youthhub.accounts.queries import similar_young_people
from youthhub.core.access import roles
from youthhub.core.access_log import looked_at
from youthhub.core.forms import ConfirmForm, button_action
from youthhub.extensions import db
from youthhub.rights import merging

blueprint = Blueprint("merging", __name__, url_prefix="/manage", template_folder="templates")
WORKERS = (Role.YOUTH_WORKER, Role.ADMIN)


def _person_or_404(user_id) -> User:
    return db.session.get(User, user_id) or abort(404)


def _looked_at(*persons) -> None:
    # A merge page shows one young person's record (and what is on it): that is a look.
    for person in persons:
        if person.is_young_person:
            looked_at(person.id, "profile", viewer=current_user)


@blueprint.get("/young-people/<id:user_id>/merge")
@roles(*WORKERS)
def choose(user_id):
    person = _person_or_404(user_id)
    _looked_at(person)
    search = request.args.get("q", person.preferred_name)[:80]
    found = [other for other in similar_young_people(search) if other.id != person.id]
    return render_template("rights/merge/choose.html", person=person, search=search, found=found)


@blueprint.route("/young-people/<id:user_id>/merge/<id:other_id>", methods=["GET", "POST"])
@roles(*WORKERS)
def merge(user_id, other_id):
    merged, kept = merging.kept_record(_person_or_404(user_id), _person_or_404(other_id))
    if request.method == "GET":
        _looked_at(merged, kept)
        return render_template(
            "rights/merge/confirm.html",
            merged=merged,
            kept=kept,
            refusal=merging.merge_refusal(merged, kept, actor=current_user),
            moving=merging.moving_summary(merged.id),
            confirm=ConfirmForm(),
        )
    return button_action(
        lambda: merging.merge_people(merged, into=kept, actor=current_user),
        done=_("%(name)s's records are one now.", name=kept.preferred_name),
        then=url_for("people.hand_over", user_id=kept.id),
    )
