"""Staff pages for endings: who is ending soon, one young person's ending, graduation and
certificates (youth workers and admins), and the programme's ending settings (admins)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role, User
from youthhub.activities.models import Activity
from youthhub.core.access import roles
from youthhub.core.access_log import looked_at
from youthhub.core.errors import DomainError
from youthhub.core.forms import ConfirmForm
from youthhub.endings import certificates, journey, programme, queries, services
from youthhub.endings.forms import (
    PLAN_QUESTIONS,
    EndingDateForm,
    GraduationForm,
    PlanForm,
    RevokeForm,
    SettingsForm,
)
from youthhub.endings.models import PLAN_FIELDS, Certificate
from youthhub.endings.views import file_response
from youthhub.extensions import db

blueprint = Blueprint("endings_manage", __name__, url_prefix="/manage", template_folder="templates")
PLANNERS = (Role.YOUTH_WORKER, Role.ADMIN)


def _young_person_or_404(user_id) -> User:
    person = db.session.get(User, user_id)
    if person is None or not person.is_young_person:
        abort(404)
    return person


@blueprint.get("/endings")
@roles(*PLANNERS)
def index():
    mine = request.args.get("mine") == "1" and current_user.has_role(Role.YOUTH_WORKER)
    worker = current_user if mine else None
    return render_template(
        "endings/manage/index.html",
        mine=mine,
        soon=queries.ending_between(0, 30, worker=worker),
        later=queries.ending_between(31, 90, worker=worker),
        empty=queries.empty_plans(worker=worker),
        messages=queries.shared_messages(),
    )


@blueprint.get("/endings/<id:user_id>")
@roles(*PLANNERS)
def person(user_id):
    young = _young_person_or_404(user_id)
    looked_at(young.id, "ending_plan", viewer=current_user)
    return _person_page(young)


def _person_page(person: User, status: int = 200, **forms):
    ending = services.ending_for(person)
    db.session.commit()  # only writes if this person's ending is shown for the first time
    chosen = set(ending.highlight_keys)
    available = journey.available_highlights(person, ending)
    page = render_template(
        "endings/manage/person.html",
        person=person,
        ending=ending,
        questions=PLAN_QUESTIONS,
        chosen_highlights=[journey.describe(item) for item in available if item.key in chosen],
        certificates=queries.certificates_of(person),
        date_form=forms.get("date_form") or EndingDateForm(data={"planned_on": ending.planned_on}),
        graduation_form=forms.get("graduation_form") or _graduation_form(ending),
        revoke_form=forms.get("revoke_form") or RevokeForm(),
        confirm=ConfirmForm(),
    )
    return page, status


def _graduation_form(ending=None) -> GraduationForm:
    data = None
    if ending is not None:
        data = {"graduated_on": ending.graduated_on, "activity_id": ending.graduation_activity_id}
    form = GraduationForm(data=data)
    form.offer_events(queries.graduation_events())
    return form


def _done(person: User, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("endings_manage.person", user_id=person.id))


@blueprint.post("/endings/<id:user_id>/date")
@roles(*PLANNERS)
def change_date(user_id):
    person = _young_person_or_404(user_id)
    form = EndingDateForm()
    if form.validate_on_submit():
        try:
            services.change_planned_ending(
                services.ending_for(person),
                planned_on=form.planned_on.data,
                reason=form.reason.data,
                actor=current_user,
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            return _done(person, _("The planned ending date is changed. We've let them know."))
    return _person_page(person, date_form=form)


@blueprint.route("/endings/<id:user_id>/plan", methods=["GET", "POST"])
@roles(*PLANNERS)
def plan(user_id):
    person = _young_person_or_404(user_id)
    looked_at(person.id, "ending_plan", viewer=current_user)
    ending = services.ending_for(person)
    form = PlanForm(obj=ending)
    if form.validate_on_submit():
        answers = {name: form[name].data for name in PLAN_FIELDS}
        services.update_plan(
            ending, actor=current_user, share_message=form.share_message.data, **answers
        )
        return _done(person, _("The ending plan is saved."))
    db.session.commit()
    return render_template("endings/plan.html", form=form, person=person, staff=True)


@blueprint.post("/endings/<id:user_id>/graduation")
@roles(*PLANNERS)
def graduation(user_id):
    person = _young_person_or_404(user_id)
    form = _graduation_form()
    if form.validate_on_submit():
        event = db.session.get(Activity, form.activity_id.data) if form.activity_id.data else None
        try:
            services.record_graduation(
                services.ending_for(person),
                graduated_on=form.graduated_on.data,
                event=event,
                actor=current_user,
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            return _done(person, _("Graduation recorded. Congratulations to them!"))
    return _person_page(person, graduation_form=form)


@blueprint.post("/endings/<id:user_id>/certificate")
@roles(*PLANNERS)
def issue(user_id):
    person = _young_person_or_404(user_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.issue_certificate(services.ending_for(person), actor=current_user)
        except DomainError as error:
            flash(error.message, "error")
        else:
            return _done(person, _("Certificate issued. They can download it now."))
    return redirect(url_for("endings_manage.person", user_id=person.id))


def _certificate_or_404(certificate_id) -> Certificate:
    return db.session.get(Certificate, certificate_id) or abort(404)


@blueprint.get("/certificates/<id:certificate_id>.pdf")
@roles(*PLANNERS)
def certificate_pdf(certificate_id):
    certificate = _certificate_or_404(certificate_id)
    looked_at(certificate.person_id, "certificate", viewer=current_user)
    pdf = certificates.certificate_pdf(certificate)
    return file_response(pdf, "application/pdf", "certificate.pdf")


@blueprint.post("/certificates/<id:certificate_id>/revoke")
@roles(*PLANNERS)
def revoke(certificate_id):
    certificate = _certificate_or_404(certificate_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke_certificate(certificate, reason=form.reason.data, actor=current_user)
        except DomainError as error:
            flash(error.message, "error")
        else:
            return _done(certificate.person, _("The certificate is revoked."))
    return _person_page(certificate.person, revoke_form=form)


@blueprint.post("/certificates/<id:certificate_id>/reissue")
@roles(*PLANNERS)
def reissue(certificate_id):
    certificate = _certificate_or_404(certificate_id)
    if ConfirmForm().validate_on_submit():
        try:
            services.reissue_certificate(certificate, actor=current_user)
        except DomainError as error:
            flash(error.message, "error")
        else:
            return _done(certificate.person, _("A new certificate is issued, with a new code."))
    return redirect(url_for("endings_manage.person", user_id=certificate.person_id))


@blueprint.route("/programme-settings", methods=["GET", "POST"])
@roles(Role.ADMIN)
def settings():
    current = programme.get_settings()
    form = SettingsForm(
        data={
            "default_length_months": current.default_length_months,
            "programme_ends_on": current.programme_ends_on,
            "reminder_days": ", ".join(map(str, current.reminder_days)),
        }
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        try:
            programme.update_settings(
                default_length_months=form.default_length_months.data,
                programme_ends_on=form.programme_ends_on.data,
                reminder_days=form.reminder_day_numbers,
                actor=current_user,
            )
        except DomainError as error:
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(_("Programme settings saved."), "success")
            return redirect(url_for("endings_manage.settings"))
    return render_template("endings/manage/settings.html", form=form)
