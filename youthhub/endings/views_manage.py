"""Staff pages for endings: who is ending soon, one young person's ending, graduation and
certificates (youth workers and admins), and the programme's ending settings (admins)."""

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role, User
from youthhub.activities.models import Activity
from youthhub.core.access import roles
from youthhub.core.access_log import looked_at
from youthhub.core.forms import ConfirmForm, button_action, form_action
from youthhub.core.transaction import refused_goes_to
from youthhub.endings import certificates, journey, programme, queries, rules, services
from youthhub.endings.forms import (
    PLAN_QUESTIONS,
    EndingDateForm,
    GraduationForm,
    PlanForm,
    RevokeForm,
    SettingsForm,
)
from youthhub.endings.models import Certificate
from youthhub.endings.views import file_response, save_plan
from youthhub.extensions import db

blueprint = Blueprint("endings_manage", __name__, url_prefix="/manage", template_folder="templates")
PLANNERS = (Role.YOUTH_WORKER, Role.ADMIN)


def _young_person_or_404(user_id) -> User:
    person = db.session.get(User, user_id)
    if person is None or not person.is_young_person:
        abort(404)
    return person


def _person_url(person: User) -> str:
    return url_for("endings_manage.person", user_id=person.id)


@blueprint.get("/endings")
@roles(*PLANNERS)
def index():
    mine = request.args.get("mine") == "1" and current_user.has_role(Role.YOUTH_WORKER)
    worker = current_user if mine else None
    return render_template(
        "endings/manage/index.html",
        mine=mine,
        soon=queries.ending_between(0, queries.COMING_UP_DAYS, worker=worker),
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


def _person_page(person: User, **forms):
    """The young person's ending as staff see it; a refused form shows again with what was typed."""
    ending = services.ending_for(person)
    chosen = set(ending.highlight_keys)
    available = journey.available_highlights(person, ending)
    history = queries.certificates_of(person)
    current = next((certificate for certificate in history if certificate.is_current), None)
    return render_template(
        "endings/manage/person.html",
        person=person,
        ending=ending,
        offers=rules.ending_offers(ending, current_user, current=current),
        questions=PLAN_QUESTIONS,
        chosen_highlights=[journey.describe(item) for item in available if item.key in chosen],
        certificates=history,
        current=current,
        date_form=forms.get("date_form") or EndingDateForm(data={"planned_on": ending.planned_on}),
        graduation_form=forms.get("graduation_form") or _graduation_form(ending),
        revoke_form=forms.get("revoke_form") or RevokeForm(),
        confirm=ConfirmForm(),
    )


def _graduation_form(ending=None) -> GraduationForm:
    data = None
    if ending is not None:
        data = {"graduated_on": ending.graduated_on, "activity_id": ending.graduation_activity_id}
    form = GraduationForm(data=data)
    form.offer_events(queries.graduation_events())
    return form


@blueprint.post("/endings/<id:user_id>/date")
@roles(*PLANNERS)
def change_date(user_id):
    person = _young_person_or_404(user_id)
    form = EndingDateForm()
    return form_action(
        form,
        lambda: services.change_planned_ending(
            services.ending_for(person),
            planned_on=form.planned_on.data,
            reason=form.reason.data,
            actor=current_user,
        ),
        done=_("The planned ending date is changed. We've let them know."),
        then=_person_url(person),
        page=lambda: _person_page(person, date_form=form),
    )


@blueprint.route("/endings/<id:user_id>/plan", methods=["GET", "POST"])
@roles(*PLANNERS)
def plan(user_id):
    person = _young_person_or_404(user_id)
    looked_at(person.id, "ending_plan", viewer=current_user)
    ending = services.ending_for(person)
    form = PlanForm(obj=ending)
    return form_action(
        form,
        lambda: save_plan(ending, form),
        done=_("The ending plan is saved."),
        then=_person_url(person),
        page=lambda: render_template("endings/plan.html", form=form, person=person, staff=True),
    )


@blueprint.post("/endings/<id:user_id>/graduation")
@roles(*PLANNERS)
def graduation(user_id):
    person = _young_person_or_404(user_id)
    form = _graduation_form()

    def record():
        chosen = form.activity_id.data
        services.record_graduation(
            services.ending_for(person),
            graduated_on=form.graduated_on.data,
            event=db.session.get(Activity, chosen) if chosen else None,
            actor=current_user,
        )

    return form_action(
        form,
        record,
        done=_("Graduation recorded. Congratulations to them!"),
        then=_person_url(person),
        page=lambda: _person_page(person, graduation_form=form),
    )


@blueprint.post("/endings/<id:user_id>/certificate")
@roles(*PLANNERS)
def issue(user_id):
    person = _young_person_or_404(user_id)
    return button_action(
        lambda: services.issue_certificate(services.ending_for(person), actor=current_user),
        done=_("Certificate issued. They can download it now."),
        then=_person_url(person),
    )


def _certificate_or_404(certificate_id) -> Certificate:
    return db.session.get(Certificate, certificate_id) or abort(404)


@blueprint.get("/certificates/<id:certificate_id>.pdf")
@roles(*PLANNERS)
def certificate_pdf(certificate_id):
    certificate = _certificate_or_404(certificate_id)
    refused_goes_to(_person_url(certificate.person))
    rules.refuse(rules.download_refusal(certificate, current_user))
    looked_at(certificate.person_id, "certificate", viewer=current_user)
    pdf = certificates.certificate_pdf(certificate)
    return file_response(pdf, "application/pdf", "certificate.pdf")


@blueprint.post("/certificates/<id:certificate_id>/revoke")
@roles(*PLANNERS)
def revoke(certificate_id):
    certificate = _certificate_or_404(certificate_id)
    form = RevokeForm()
    return form_action(
        form,
        lambda: services.revoke_certificate(
            certificate, reason=form.reason.data, actor=current_user
        ),
        done=_("The certificate is revoked."),
        then=_person_url(certificate.person),
        page=lambda: _person_page(certificate.person, revoke_form=form),
    )


@blueprint.post("/certificates/<id:certificate_id>/reissue")
@roles(*PLANNERS)
def reissue(certificate_id):
    certificate = _certificate_or_404(certificate_id)
    return button_action(
        lambda: services.reissue_certificate(certificate, actor=current_user),
        done=_("A new certificate is issued, with a new code."),
        then=_person_url(certificate.person),
    )


@blueprint.route("/programme-settings", methods=["GET", "POST"])
@roles(Role.ADMIN)
def settings():
    current = programme.get_settings()
    form = SettingsForm(
        data={
            "default_length_months": current.default_length_months,
            "programme_ends_on": current.programme_ends_on,
            "reminder_days": ", ".join(map(str, current.reminder_days)),
            "new_member_months": current.new_member_months,
            "new_member_sessions": current.new_member_sessions,
        }
        if request.method == "GET"
        else None
    )
    return form_action(
        form,
        lambda: programme.update_settings(
            default_length_months=form.default_length_months.data,
            programme_ends_on=form.programme_ends_on.data,
            reminder_days=form.reminder_day_numbers,
            new_member_months=form.new_member_months.data,
            new_member_sessions=form.new_member_sessions.data,
            actor=current_user,
        ),
        done=_("Programme settings saved."),
        then=url_for("endings_manage.settings"),
        page=lambda: render_template("endings/manage/settings.html", form=form),
    )
