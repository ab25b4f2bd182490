"""A person's news: every unread notice, and clearing them (one, one kind, or all)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.core.access import signed_in
from youthhub.core.redirects import is_safe_next
from youthhub.extensions import db
from youthhub.notices import services
from youthhub.notices.forms import ClearForm
from youthhub.notices.kinds import GROUPED
from youthhub.notices.models import Notice

blueprint = Blueprint("notices", __name__, url_prefix="/notices", template_folder="templates")


@blueprint.get("/")
@signed_in
def index():
    return render_template("notices/index.html", news=services.news_for(current_user, limit=None))


def _back(form) -> object:
    target = form.next.data if form else None
    return redirect(target if is_safe_next(target) else url_for("home.home"))


@blueprint.post("/<id:notice_id>/read")
@signed_in
def read(notice_id):
    notice = db.session.get(Notice, notice_id)
    if notice is None or not services.is_theirs(notice, current_user):
        abort(404)  # someone else's notice: as if it did not exist
    form = ClearForm()
    if form.validate_on_submit():
        services.mark_read(notice, actor=current_user)
    return _back(form)


@blueprint.post("/kinds/<kind>/read")
@signed_in
def read_kind(kind):
    if kind not in GROUPED:
        abort(404)
    form = ClearForm()
    if form.validate_on_submit():
        services.mark_all_read(actor=current_user, up_to=form.up_to.data, kind=kind)
    return _back(form)


@blueprint.post("/read-all")
@signed_in
def read_all():
    form = ClearForm()
    if form.validate_on_submit():
        services.mark_all_read(actor=current_user, up_to=form.up_to.data)
        flash(_("All cleared. New news will show here when it comes."), "success")
    return _back(form)
