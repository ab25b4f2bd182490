"""Handing a young person without an account their record: a worker shows a QR code on their
phone (or emails the link), and the young person sets their email and password."""

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts import people, sessions
from youthhub.accounts.emails import confirm_taken_over_email, send_record_handover
from youthhub.accounts.forms_people import HandoverEmailForm, TakeOverForm
from youthhub.accounts.models import Role, User
from youthhub.core.access import public, roles
from youthhub.core.access_log import looked_at
from youthhub.core.forms import ConfirmForm, form_action
from youthhub.core.links import public_url
from youthhub.core.qr import qr_svg
from youthhub.core.transaction import refused_goes_to, refused_shows
from youthhub.extensions import db

blueprint = Blueprint("people", __name__, template_folder="templates")
WORKERS = (Role.YOUTH_WORKER, Role.ADMIN)


def _person_or_404(user_id) -> User:
    return db.session.get(User, user_id) or abort(404)


def _hand_over_page(person, email_form):
    if person.is_young_person:
        looked_at(person.id, "profile", viewer=current_user)
    return render_template(
        "accounts/people/hand_over.html",
        person=person,
        refusal=people.handover_refusal(person, actor=current_user),
        confirm=ConfirmForm(),
        email_form=email_form,
        hours=current_app.config["RECORD_HANDOVER_HOURS"],
    )


@blueprint.route("/manage/young-people/<id:user_id>/hand-over", methods=["GET", "POST"])
@roles(*WORKERS)
def hand_over(user_id):
    """GET: the choices. POST: a fresh link, shown once as a QR code (the token is not kept)."""
    person = _person_or_404(user_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        return _hand_over_page(person, HandoverEmailForm(formdata=None))
    refused_goes_to(url_for("people.hand_over", user_id=person.id))
    token = people.make_handover(person, actor=current_user)
    link = public_url("people.take_over", token=token)
    looked_at(person.id, "profile", viewer=current_user)
    return render_template(
        "accounts/people/hand_over_qr.html",
        person=person,
        link=link,
        qr=qr_svg(link),
        hours=current_app.config["RECORD_HANDOVER_HOURS"],
    )


@blueprint.post("/manage/young-people/<id:user_id>/hand-over/email")
@roles(*WORKERS)
def email_hand_over(user_id):
    person = _person_or_404(user_id)
    form = HandoverEmailForm()

    def send():
        people.check_handover_email(form.email.data)
        token = people.make_handover(person, actor=current_user)
        send_record_handover(person, form.email.data, token)

    return form_action(
        form,
        send,
        done=_(
            "We've emailed %(name)s a link to take over their record.", name=person.preferred_name
        ),
        then=url_for("people.hand_over", user_id=person.id),
        page=lambda: _hand_over_page(person, form),
    )


@blueprint.route("/take-over/<token>", methods=["GET", "POST"])
@public
def take_over(token):
    problem = people.handover_link_problem(token)
    if problem:
        page = render_template("accounts/link_problem.html", message=problem)
        return page, 410
    person = people.person_for_handover(token)
    form = TakeOverForm()

    def page():
        return render_template("accounts/people/take_over.html", form=form, person=person)

    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    person = people.take_over_record(token, email=form.email.data, password=form.password.data)
    confirm_taken_over_email(person)
    # A fresh server-side session, as at login: nothing planted before carries over.
    sessions.start_session(person)
    flash(_("Welcome, %(name)s. Your record is yours now.", name=person.preferred_name), "success")
    flash(_("We've emailed you a link: open it to confirm your email before you next log in."))
    return redirect(url_for("home.home"))
