"""A young person's data rights: download everything, ask to be erased, see who looked."""

from flask import Blueprint, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role
from youthhub.core.access import roles
from youthhub.core.forms import ConfirmForm, button_action
from youthhub.core.transaction import refused_goes_to
from youthhub.rights import services
from youthhub.rights.export import my_data_zip
from youthhub.rights.looks import describe_looks

blueprint = Blueprint("rights", __name__, url_prefix="/my-data", template_folder="templates")


def zip_response(data: bytes, filename: str):
    response = make_response(data)
    response.mimetype = "application/zip"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.get("/")
@roles(Role.YOUNG_PERSON)
def my_data():
    return render_template(
        "rights/index.html",
        ask=services.open_request(current_user),
        looks=describe_looks(current_user)[:3],
        confirm=ConfirmForm(),
    )


@blueprint.post("/download")
@roles(Role.YOUNG_PERSON)
def make_download():
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("rights.my_data"))
    token = services.download_token(current_user)
    return redirect(url_for("rights.download", token=token))


@blueprint.get("/download/<token>")
@roles(Role.YOUNG_PERSON)
def download(token):
    refused_goes_to(url_for("rights.my_data"))
    services.check_download_token(token, person=current_user)
    return zip_response(my_data_zip(current_user), "my-data.zip")


@blueprint.get("/erase")
@roles(Role.YOUNG_PERSON)
def ask_erasure():
    return render_template(
        "rights/erase.html", ask=services.open_request(current_user), confirm=ConfirmForm()
    )


@blueprint.post("/erase")
@roles(Role.YOUNG_PERSON)
def confirm_erasure():
    return button_action(
        lambda: services.ask_to_be_erased(actor=current_user),
        done=_("We've got your request. An admin will look at it soon and tell you here."),
        then=url_for("rights.my_data"),
    )


@blueprint.post("/erase/withdraw")
@roles(Role.YOUNG_PERSON)
def withdraw():
    def change_mind():
        ask = services.open_request(current_user)
        if ask is not None:
            services.withdraw_request(ask, actor=current_user)

    return button_action(
        change_mind,
        done=_("OK, we won't erase anything. Your account stays as it is."),
        then=url_for("rights.my_data"),
    )


@blueprint.get("/who-looked")
@roles(Role.YOUNG_PERSON)
def looks():
    return render_template("rights/looks.html", looks=describe_looks(current_user))
