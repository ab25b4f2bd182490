"""Marking in-app notices as read."""

from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user

from youthhub.core.access import signed_in
from youthhub.core.forms import ConfirmForm
from youthhub.extensions import db
from youthhub.notices import services
from youthhub.notices.models import Notice

blueprint = Blueprint("notices", __name__, url_prefix="/notices", template_folder="templates")


@blueprint.post("/<id:notice_id>/read")
@signed_in
def read(notice_id):
    notice = db.session.get(Notice, notice_id)
    if notice is None or not services.is_theirs(notice, current_user):
        abort(404)  # someone else's notice: as if it did not exist
    if ConfirmForm().validate_on_submit():
        services.mark_read(notice, actor=current_user)
    return redirect(url_for("home.home"))


@blueprint.post("/read-all")
@signed_in
def read_all():
    if ConfirmForm().validate_on_submit():
        services.mark_all_read(actor=current_user)
    return redirect(url_for("home.home"))
