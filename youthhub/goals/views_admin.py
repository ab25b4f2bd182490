"""Admin pages: the goal areas (names in every language, order, picture) and help contacts."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role
from youthhub.core.access import roles
from youthhub.core.forms import ConfirmForm, button_action, form_action
from youthhub.goals import charts, queries, services_admin
from youthhub.goals.forms import area_form, help_contact_form

blueprint = Blueprint(
    "goals_admin", __name__, url_prefix="/manage/goals", template_folder="templates"
)


def _translated(prefix: str, texts: dict) -> dict:
    return {f"{prefix}_{code}": text for code, text in texts.items()}


@blueprint.get("/areas")
@roles(Role.ADMIN)
def areas():
    every_area = queries.areas()
    return render_template(
        "goals/manage/areas.html",
        areas=every_area,
        moves=services_admin.area_moves(every_area),
        colour=charts.colour,
        contacts=queries.help_contacts(),
        confirm=ConfirmForm(),
    )


def _save_area(area, form):
    fields = {
        "names": form.texts("name"),
        "descriptions": form.texts("description"),
        "icon": form.icon.data,
        "offers_help": form.offers_help.data,
        "actor": current_user,
    }
    if area is None:
        return services_admin.create_area(**fields)
    services_admin.update_area(area, **fields)
    return area


def _area_page(found):
    existing = {}
    if found and request.method == "GET":
        existing = _translated("name", found.names) | _translated("description", found.descriptions)
    form = area_form(obj=found, **existing)
    return form_action(
        form,
        lambda: _save_area(found, form),
        done=_("Area saved."),
        then=url_for("goals_admin.areas"),
        page=lambda: render_template("goals/manage/area_form.html", form=form, area=found),
    )


@blueprint.route("/areas/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def new_area():
    return _area_page(None)


@blueprint.route("/areas/<id:area_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def area(area_id):
    return _area_page(queries.area(area_id) or abort(404))


@blueprint.post("/areas/<id:area_id>/move")
@roles(Role.ADMIN)
def move_area(area_id):
    found = queries.area(area_id) or abort(404)
    return button_action(
        lambda: services_admin.move_area(
            found, request.form.get("direction", ""), actor=current_user
        ),
        done=_("Order saved."),
        then=url_for("goals_admin.areas"),
    )


# Help contacts -----------------------------------------------------------------------------


def _save_contact(contact, form):
    fields = {
        "name": form.name.data,
        "descriptions": form.texts("description"),
        "phone": form.phone.data,
        "website": form.website.data,
        "actor": current_user,
    }
    if contact is None:
        return services_admin.create_help_contact(**fields)
    services_admin.update_help_contact(contact, **fields)
    return contact


def _help_contact_page(found):
    existing = {}
    if found and request.method == "GET":
        existing = _translated("description", found.descriptions)
    form = help_contact_form(obj=found, **existing)
    return form_action(
        form,
        lambda: _save_contact(found, form),
        done=_("Help contact saved."),
        then=url_for("goals_admin.areas", _anchor="help-contacts"),
        page=lambda: render_template(
            "goals/manage/help_contact_form.html", form=form, contact=found
        ),
    )


@blueprint.route("/help-contacts/new", methods=["GET", "POST"])
@roles(Role.ADMIN)
def new_help_contact():
    return _help_contact_page(None)


@blueprint.route("/help-contacts/<id:contact_id>", methods=["GET", "POST"])
@roles(Role.ADMIN)
def help_contact(contact_id):
    return _help_contact_page(queries.help_contact(contact_id) or abort(404))


@blueprint.post("/help-contacts/<id:contact_id>/remove")
@roles(Role.ADMIN)
def remove_help_contact(contact_id):
    found = queries.help_contact(contact_id) or abort(404)
    return button_action(
        lambda: services_admin.remove_help_contact(found, actor=current_user),
        done=_("Help contact removed."),
        then=url_for("goals_admin.areas", _anchor="help-contacts"),
    )
