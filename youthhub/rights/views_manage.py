"""Staff pages for data rights: erasure requests and retention (admins), and making a young
person's download with them when they ask in person (an admin or their own youth worker)."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from youthhub.accounts.models import Role, User
from youthhub.accounts.second_step import recent_factor_required
from youthhub.core.access import roles
from youthhub.core.forms import ConfirmForm, button_action, form_action
from youthhub.core.transaction import refused_goes_to
from youthhub.extensions import db
from youthhub.payments import closures
from youthhub.payments.models import StripeClosure
from youthhub.rights import overdue, services
from youthhub.rights.export import my_data_zip
from youthhub.rights.forms import HoldForm, RetentionForm
from youthhub.rights.models import ErasureRequest
from youthhub.rights.registry import reasons_to_wait
from youthhub.rights.views import zip_response

blueprint = Blueprint(
    "rights_manage", __name__, url_prefix="/manage/data", template_folder="templates"
)


def _requests_page(hold_form=None, retention_form=None):
    settings = services.get_data_settings()
    # One query per request waiting (is a claim still being paid?): a handful at most.
    waiting = overdue.open_requests(with_people=True)
    return render_template(
        "rights/manage/requests.html",
        waiting=[(ask, reasons_to_wait(ask.person)) for ask in waiting],
        is_overdue=overdue.is_overdue,
        due_by=overdue.due_by,
        closures=closures.open_closures(),
        hold_form=hold_form or HoldForm(formdata=None),
        retention_form=retention_form or RetentionForm(keep_months=settings.keep_months),
        settings=settings,
        confirm=ConfirmForm(),
    )


@blueprint.get("/")
@roles(Role.ADMIN)
def requests():
    return _requests_page()


def _request_or_404(erasure_id) -> ErasureRequest:
    return db.session.get(ErasureRequest, erasure_id) or abort(404)


def _requests(**_ids) -> str:
    return url_for("rights_manage.requests")


# Erasing a young person's data, changing how long everyone's is kept and closing a Stripe
# account cannot be undone: like paying, they ask for the second factor again after a while.
@blueprint.post("/requests/<id:erasure_id>/erase")
@roles(Role.ADMIN)
@recent_factor_required(back=_requests)
def carry_out(erasure_id):
    ask = _request_or_404(erasure_id)
    return button_action(
        lambda: services.carry_out_request(ask, actor=current_user),
        done=_("Done: their data has been erased."),
        then=url_for("rights_manage.requests"),
    )


@blueprint.post("/requests/<id:erasure_id>/hold")
@roles(Role.ADMIN)
def hold(erasure_id):
    ask = _request_or_404(erasure_id)
    form = HoldForm()
    return form_action(
        form,
        lambda: services.hold_request(ask, reason=form.reason.data, actor=current_user),
        done=_("Held. They can read your reason on their My data page."),
        then=url_for("rights_manage.requests"),
        page=lambda: (_requests_page(hold_form=form), 400),
    )


@blueprint.post("/stripe/<id:closure_id>/close")
@roles(Role.ADMIN)
@recent_factor_required(back=_requests)
def close_stripe_account(closure_id):
    closure = db.session.get(StripeClosure, closure_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    then = url_for("rights_manage.requests")
    refused_goes_to(then)
    # A failed try is kept (the problem Stripe gave is shown), so it is a message, not a refusal.
    if closures.retry_closure(closure, actor=current_user):
        flash(_("Stripe has closed the account."), "success")
    else:
        flash(_("Stripe could not close it yet. Try again later."), "error")
    return redirect(then)


@blueprint.post("/retention")
@roles(Role.ADMIN)
@recent_factor_required(back=_requests)
def retention():
    form = RetentionForm()
    return form_action(
        form,
        lambda: services.set_keep_months(form.keep_months.data, actor=current_user),
        done=_("Saved."),
        then=url_for("rights_manage.requests"),
        page=lambda: (_requests_page(retention_form=form), 400),
    )


@blueprint.post("/people/<id:user_id>/export")
@roles(Role.ADMIN, Role.YOUTH_WORKER)
def export(user_id):
    person = db.session.get(User, user_id) or abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if not services.may_export_for(person, current_user):
        abort(403)
    services.export_for(person, actor=current_user)
    return zip_response(my_data_zip(person, by_staff=True), f"data-{person.id}.zip")
