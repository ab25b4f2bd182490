"""Marking in-app notices as read."""

from flask import Blueprint, abort, redirect, url_for
from flask_login import current_user

from youthhub.core.access import signed_in
from youthhub.core.errors import DomainError
from youthhub.core.forms import ConfirmForm
from youthhub.extensions import db
from youthhub.notices import services
from youthhub.notices.models import Notice

blueprint = Blueprint("notices", __name__, url_prefix="/notices", template_folder="templates")


@blueprint.post("/<id:notice_id>/read")
@signed_in
def read(notice_id):
    notice = db.session.get(Notice, notice_id) or abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            services.mark_read(notice, actor=current_user)
        except DomainError:
            abort(404)  # someone else's notice: as if it did not exist
        db.session.commit()
    return redirect(url_for("home.home"))


@blueprint.post("/read-all")
@signed_in
def read_all():
    if ConfirmForm().validate_on_submit():
        services.mark_all_read(actor=current_user)
        db.session.commit()
    return redirect(url_for("home.home"))
