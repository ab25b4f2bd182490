"""Staff pages for money: workers approve claims, finance pays them, admins set the rates."""

import re
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from youthhub.accounts import queries as people_queries
from youthhub.accounts.models import Role, User
from youthhub.accounts.second_step import recent_factor_required
from youthhub.core import paging
from youthhub.core.access import roles
from youthhub.core.access_log import looked_at
from youthhub.core.audit import record
from youthhub.core.converters import LARGEST_ID
from youthhub.core.forms import ConfirmForm
from youthhub.core.paging import asked_page
from youthhub.core.time import london_today
from youthhub.core.transaction import refused_goes_to, refused_shows
from youthhub.extensions import db
from youthhub.payments import finance_page, paying, queries, services
from youthhub.payments.claim_pages import ClaimPage
from youthhub.payments.claims_queue import queue_lines
from youthhub.payments.export import payments_csv
from youthhub.payments.forms import (
    ApproveForm,
    ExportForm,
    PaySelectionForm,
    RecordPaymentForm,
    RejectForm,
    StaffContributionForm,
    options,
)
from youthhub.payments.labels import PAY_PROBLEMS
from youthhub.payments.models import ClaimStatus, ContributionKind, PaymentChoice, PaymentMethod
from youthhub.payments.queries import TaxYear
from youthhub.payments.rates import kind_name
from youthhub.payments.rules import (
    claim_actions,
    waiting_for,
)

blueprint = Blueprint(
    "payments_manage", __name__, url_prefix="/manage", template_folder="templates"
)
STAFF = (Role.YOUTH_WORKER, Role.FINANCE, Role.ADMIN)
CHOICE_TO_METHOD = {
    PaymentChoice.BANK_TRANSFER: PaymentMethod.BANK_TRANSFER,
    PaymentChoice.CASH: PaymentMethod.CASH,
    PaymentChoice.VOUCHER: PaymentMethod.VOUCHER,
    PaymentChoice.DONATE: PaymentMethod.DONATED,
}


def _claim_or_404(claim_id):
    return queries.staff_claim(claim_id) or abort(404)


def _confirmed() -> None:
    """A one-tap button's form (its CSRF token) must be good, or the request is bad."""
    if not ConfirmForm().validate_on_submit():
        abort(400)


def _flash_pay_result(result, name: str) -> None:
    if result == paying.PayResult.PAID:
        flash(_("Paid %(name)s through Stripe.", name=name), "success")
    else:
        flash(str(PAY_PROBLEMS[result]) % {"name": name}, "error")


# Claims (youth workers; finance and admins can look) ---------------------------------------


@blueprint.get("/claims")
@roles(*STAFF)
def claims():
    wanted = request.args.get("status", ClaimStatus.SUBMITTED.value)
    status = (
        ClaimStatus(wanted) if wanted in {s.value for s in ClaimStatus} else ClaimStatus.SUBMITTED
    )
    page = queries.claims_listed(status, asked_page())
    return render_template(
        "payments/manage/claims.html",
        lines=queue_lines(page.rows),
        page=page,
        status=status,
        statuses=list(ClaimStatus),
    )


@blueprint.route("/claims/new", methods=["GET", "POST"])
@roles(Role.YOUTH_WORKER)
def new_claim():
    people = [(p.id, p.preferred_name) for p in people_queries.young_people_of(current_user)]
    kinds = [(kind.id, kind_name(kind)) for kind in queries.kinds()]
    form = StaffContributionForm(kinds, people, work_date=london_today())

    def page():
        return render_template("payments/manage/new_claim.html", form=form, has_people=bool(people))

    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    claim = services.log_contribution(
        db.session.get(User, form.person.data),
        actor=current_user,
        kind=db.session.get(ContributionKind, form.kind.data),
        work_date=form.work_date.data,
        minutes=form.hours.data,
        description=form.description.data,
    )
    flash(_("Claim logged. Another worker needs to approve it."), "success")
    return redirect(url_for("payments_manage.claim", claim_id=claim.id))


@blueprint.get("/claims/<id:claim_id>")
@roles(*STAFF)
def claim(claim_id):
    claim = _claim_or_404(claim_id)
    looked_at(claim.person_id, "claim", viewer=current_user, subject_id=claim.id)
    return _claim_page(claim)


def _claim_page(claim, **sent):
    """The claim page; `sent` is a form posted back with a problem, shown as it was typed."""
    method = CHOICE_TO_METHOD.get(claim.payment_choice, PaymentMethod.BANK_TRANSFER)
    forms = {
        "approve_form": ApproveForm(prefix="approve", formdata=None),
        "reject_form": RejectForm(prefix="reject", formdata=None),
        "record_form": RecordPaymentForm(
            paid_on=london_today(), method=method.value, formdata=None
        ),
        "confirm": ConfirmForm(formdata=None),
    }
    # Finance is told what the claim waits for; workers see its status.
    waiting = (
        waiting_for(claim, queries.stripe_status_of(claim.person_id))
        if current_user.has_role(Role.FINANCE)
        else None
    )
    return render_template(
        "payments/manage/claim.html",
        claim=claim,
        history=queries.claim_history(claim),
        actions=claim_actions(claim, current_user),
        waiting=waiting,
        **(forms | sent),
    )


STAFF_CLAIM = ClaimPage("payments_manage.claim", find=_claim_or_404, render=_claim_page)


@blueprint.post("/claims/<id:claim_id>/approve")
@roles(Role.YOUTH_WORKER)
def approve(claim_id):
    return STAFF_CLAIM.act(
        claim_id,
        ApproveForm(prefix="approve"),
        lambda claim, form: services.approve_contribution(
            claim, actor=current_user, amount_pence=form.amount.data, reason=form.reason.data or ""
        ),
        done=_("Claim approved. Finance will pay it."),
        shown_as="approve_form",
    )


@blueprint.post("/claims/<id:claim_id>/reject")
@roles(Role.YOUTH_WORKER)
def reject(claim_id):
    return STAFF_CLAIM.act(
        claim_id,
        RejectForm(prefix="reject"),
        lambda claim, form: services.reject_contribution(
            claim, actor=current_user, reason=form.reason.data
        ),
        done=_("Claim turned down. The young person can see why."),
        shown_as="reject_form",
    )


# Paying (finance) --------------------------------------------------------------------------


@blueprint.get("/finance")
@roles(Role.FINANCE)
def finance():
    queue = queries.finance_queue(asked_page())
    # Labels, dates and money put into words once for the page; the paying rules asked once per
    # claim, of the signed-in person itself (not the request's proxy to them).
    words = finance_page.Words()
    me = current_user._get_current_object()
    return render_template(
        "payments/manage/finance.html",
        queue=queue,
        groups=finance_page.queue_groups(queue, me, words),
        latest=finance_page.latest_payments(queue, words),
        form=PaySelectionForm(),
        confirm=ConfirmForm(),
    )


def _claim_ids(values: list[str]) -> list[int]:
    """The claim numbers among `values` (anything else is not a claim; the form then says so)."""
    numbers = [int(value) for value in values if re.fullmatch(r"[0-9]{1,10}", value)]
    return [number for number in numbers if number <= LARGEST_ID]


@blueprint.post("/claims/<id:claim_id>/pay")
@roles(Role.FINANCE)
@recent_factor_required(back=lambda claim_id: url_for("payments_manage.claim", claim_id=claim_id))
def pay(claim_id):
    claim = _claim_or_404(claim_id)
    _confirmed()
    then = url_for("payments_manage.claim", claim_id=claim.id)
    refused_goes_to(then)
    name = claim.person.preferred_name
    _flash_pay_result(paying.pay_with_stripe(claim, actor=current_user), name)
    return redirect(then)


@blueprint.post("/finance/pay")
@roles(Role.FINANCE)
@recent_factor_required(back=lambda: url_for("payments_manage.finance"))
def pay_selected():
    form = PaySelectionForm()
    # Only the ticked claims are read: a page of the queue offers at most a page of them.
    ticked = request.form.getlist("claims")[: paging.PAGE_SIZE]
    approved = queries.approved_claims(_claim_ids(ticked))
    form.claims.choices = options((claim.id, str(claim.id)) for claim in approved)
    if not form.validate_on_submit():
        flash(_("Choose at least one claim to pay."), "error")
        return redirect(url_for("payments_manage.finance"))
    chosen = [claim for claim in approved if claim.id in set(form.claims.data)]
    names = {claim.id: claim.person.preferred_name for claim in chosen}
    results = paying.pay_selection(chosen, actor=current_user)
    paid = sum(1 for result in results.values() if result == paying.PayResult.PAID)
    if paid:
        flash(
            ngettext(
                "Paid %(num)d claim through Stripe.", "Paid %(num)d claims through Stripe.", paid
            ),
            "success",
        )
    for claim_id, result in results.items():
        if result == paying.PayResult.PAID:
            continue
        if isinstance(result, paying.PayResult):
            _flash_pay_result(result, names[claim_id])
        else:
            flash(f"{names[claim_id]}: {result}", "error")
    return redirect(url_for("payments_manage.finance"))


@blueprint.post("/claims/<id:claim_id>/record")
@roles(Role.FINANCE)
def record_payment(claim_id):
    return STAFF_CLAIM.act(
        claim_id,
        RecordPaymentForm(),
        lambda claim, form: services.record_payment(
            claim,
            actor=current_user,
            method=PaymentMethod(form.method.data),
            paid_on=form.paid_on.data,
            reference=form.reference.data or "",
        ),
        done=_("Payment recorded. The claim is paid."),
        shown_as="record_form",
    )


@blueprint.post("/claims/<id:claim_id>/reconcile")
@roles(Role.FINANCE)
def reconcile_claim(claim_id):
    return STAFF_CLAIM.act(
        claim_id,
        ConfirmForm(),
        lambda claim, form: paying.reconcile_claim(claim, actor=current_user),
        done=_("Checked with Stripe."),
    )


@blueprint.post("/claims/<id:claim_id>/retry")
@roles(Role.FINANCE)
def retry(claim_id):
    return STAFF_CLAIM.act(
        claim_id,
        ConfirmForm(),
        lambda claim, form: services.retry_failed(claim, actor=current_user),
        done=_("The claim is back in the queue to be paid."),
    )


@blueprint.post("/claims/<id:claim_id>/give-up")
@roles(Role.FINANCE)
def give_up(claim_id):
    return STAFF_CLAIM.act(
        claim_id,
        ConfirmForm(),
        lambda claim, form: services.give_up_failed(claim, actor=current_user),
        done=_("The claim is closed. Nothing will be paid."),
    )


@blueprint.post("/finance/reconcile")
@roles(Role.FINANCE)
def reconcile():
    _confirmed()
    counts = paying.reconcile(actor=current_user)
    flash(
        _(
            "Checked with Stripe: %(paid)d paid, %(returned)d back in the queue, "
            "%(waiting)d still waiting.",
            paid=counts.get("paid", 0),
            returned=counts.get("returned", 0),
            waiting=counts.get("waiting", 0) + counts.get("unreachable", 0),
        ),
        "success",
    )
    return redirect(url_for("payments_manage.finance"))


# Export (finance, admins) ------------------------------------------------------------------


@blueprint.route("/finance/export", methods=["GET", "POST"])
@roles(Role.FINANCE, Role.ADMIN)
def export():
    """The form is a GET; the download is a POST, because it is written in the audit log."""
    year = TaxYear.of(london_today())
    form = ExportForm(start=year.start, end=year.end)
    if not form.validate_on_submit():
        return render_template("payments/manage/export.html", form=form)
    start, end = form.start.data or date.min, form.end.data or date.max
    rows = queries.count_payments_between(start, end)
    record("payments.exported", actor=current_user, start=str(start), end=str(end), rows=rows)
    # Written as it is read, after the audit entry is committed (`core.csv.csv_stream`).
    return payments_csv(
        lambda: queries.payments_between(start, end),
        f"youthhub-payments-{start.isoformat()}-to-{end.isoformat()}.csv",
    )
