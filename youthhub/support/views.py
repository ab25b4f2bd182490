"""Support given: the two-tap log on a young person's page (workers, admins), and the admin's
list of kinds of support."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role, User
from youthhub.core.access import roles
from youthhub.core.forms import button_action, form_action
from youthhub.extensions import db
from youthhub.support import queries, services
from youthhub.support.forms import kind_form

blueprint = Blueprint("support", __name__, url_prefix="/manage", template_folder="templates")


def _person_page(person_id: int) -> str:
    # The young person's page every worker opens (from "My young people", the register).
    return url_for("reports.attendance", user_id=person_id, _anchor="support")


def _chosen_kind():
    chosen = request.form.get("kind", "")
    found = queries.kind(int(chosen)) if chosen.isdigit() and len(chosen) < 10 else None
    return found or abort(404)


@blueprint.post("/young-people/<id:user_id>/support")
@roles(Role.YOUTH_WORKER, Role.ADMIN)
def log(user_id):
    person = db.session.get(User, user_id) or abort(404)
    kind = _chosen_kind()
    return button_action(
        lambda: services.log_support(person, kind, actor=current_user),
        done=_(
            "%(support)s: logged for %(name)s today.", support=kind.name, name=person.preferred_name
        ),
        then=_person_page(person.id),
    )


@blueprint.post("/support/<id:given_id>/remove")
@roles(Role.YOUTH_WORKER, Role.ADMIN)
def remove(given_id):
    given = queries.given(given_id) or abort(404)
    return button_action(
        lambda: services.remove_support(given, actor=current_user),
        done=_("%(support)s: taken back.", support=given.kind.name),
        then=_person_page(given.person_id),
    )


# Kinds of support (admins) -----------------------------------------------------------------


@blueprint.get("/support-kinds")
@roles(Role.ADMIN)
def kinds():
    every = queries.kinds()
    return render_template(
        "support/manage/kinds.html", kinds=every, moves=services.kind_moves(every)
    )


def _save(found, form):
    if found is None:
        return services.create_kind(names=form.names(), actor=current_user)
    services.rename_kind(found, names=form.names(), actor=current_user)
    return found


def _kind_page(found):
    existing = {}
    if found and request.method == "GET":
        existing = {f"name_{code}": name for code, name in found.names.items()}
    form = kind_form(**existing)
    return form_action(
        form,
        lambda: _save(found, form),
        done=_("Kind of support saved."),
        then=url_for("support.kinds"),
        page=lambda: render_template("support/manage/kind_form.html", form=form, kind=found),
    )


@blueprint.route("/support-kinds/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def new_kind():
    return _kind_page(None)


@blueprint.route("/support-kinds/<id:kind_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def kind(kind_id):
    return _kind_page(queries.kind(kind_id) or abort(404))


def _kind_button(kind_id, service, done):
    found = queries.kind(kind_id) or abort(404)
    return button_action(lambda: service(found), done=done, then=url_for("support.kinds"))


@blueprint.post("/support-kinds/<id:kind_id>/move")
@roles(Role.ADMIN)
def move_kind(kind_id):
    direction = request.form.get("direction", "")
    return _kind_button(
        kind_id,
        lambda found: services.move_kind(found, direction, actor=current_user),
        _("Order saved."),
    )


@blueprint.post("/support-kinds/<id:kind_id>/retire")
@roles(Role.ADMIN)
def retire_kind(kind_id):
    return _kind_button(
        kind_id,
        lambda found: services.retire_kind(found, actor=current_user),
        _("Retired: it stays in the history but can no longer be logged."),
    )


@blueprint.post("/support-kinds/<id:kind_id>/bring-back")
@roles(Role.ADMIN)
def bring_back_kind(kind_id):
    return _kind_button(
        kind_id,
        lambda found: services.bring_back_kind(found, actor=current_user),
        _("Offered again."),
    )
