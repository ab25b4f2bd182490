"""The young person's money: their claims, how they're paid, Stripe setup, receipts."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from youthhub.accounts.models import Role
from youthhub.core.access import roles
from youthhub.core.forms import ConfirmForm
from youthhub.core.labels import in_page_language
from youthhub.core.links import public_url
from youthhub.core.outbox import applied_once, taken_at
from youthhub.core.security import allow_form_action
from youthhub.core.time import london_today
from youthhub.core.transaction import refused_goes_to, refused_shows, writes_on_get
from youthhub.extensions import db
from youthhub.payments import choices, onboarding, queries, services
from youthhub.payments import stripe_gateway as gateway
from youthhub.payments.claim_pages import ClaimPage
from youthhub.payments.forms import ChoiceForm, ContributionForm, TakeLessForm
from youthhub.payments.labels import CHOICE_HINTS, labels
from youthhub.payments.models import StripeStatus
from youthhub.payments.rates import kind_name
from youthhub.payments.rules import claim_actions, may_use_stripe, stripe_enabled

blueprint = Blueprint("payments", __name__, url_prefix="/money", template_folder="templates")


@blueprint.app_context_processor
def _payment_words() -> dict:
    return {**labels(), "kind_name": kind_name, "stripe_test_mode": _test_mode}


def _test_mode() -> bool:
    return stripe_enabled() and gateway.is_test_mode()


def _kind_choices():
    return [(kind.id, kind_name(kind)) for kind in queries.kinds()]


def _own_claim_or_404(claim_id):
    return queries.own_claim(current_user, claim_id) or abort(404)


@blueprint.get("")
@roles(Role.YOUNG_PERSON)
def money():
    page = queries.money_page(current_user)
    profile = page.profile
    default = profile.default_choice if profile else None
    allow_form_action(gateway.onboarding_origin())
    stripe = may_use_stripe(current_user)
    return render_template(
        "payments/money.html",
        page=page,
        may_use_stripe=stripe,
        stripe_status=profile.stripe_status if profile else StripeStatus.NONE,
        choice_form=ChoiceForm(choices.allowed_choices(current_user, default=True), choice=default),
        confirm=ConfirmForm() if stripe else None,  # only the Stripe section has a button form
        choice_hints=in_page_language(CHOICE_HINTS),  # once per language, not once per page
    )


@blueprint.get("/how-it-works")
@roles(Role.YOUNG_PERSON)
def rules():
    return render_template("payments/rules.html")


@blueprint.route("/claims/new", methods=["GET", "POST"])
@roles(Role.YOUNG_PERSON)
@applied_once
def new_claim():
    form = ContributionForm(_kind_choices(), work_date=london_today())

    def page():
        return render_template("payments/new_claim.html", form=form, today=london_today())

    if not form.validate_on_submit():
        return page()
    refused_shows(page)
    claim = services.log_contribution(
        current_user,
        actor=current_user,
        kind=db.session.get(queries.ContributionKind, form.kind.data),
        work_date=form.work_date.data,
        minutes=form.hours.data,
        description=form.description.data,
        taken_at=taken_at(),
    )
    flash(_("Thanks! Your claim has been sent to a worker to approve."), "success")
    return redirect(url_for("payments.claim", claim_id=claim.id))


@blueprint.get("/claims/<id:claim_id>")
@roles(Role.YOUNG_PERSON)
def claim(claim_id):
    return _claim_page(_own_claim_or_404(claim_id))


def _claim_page(claim, **sent):
    """The claim page; `sent` is a form posted back with a problem, shown as it was typed."""
    forms = {
        "choice_form": ChoiceForm(
            choices.allowed_choices(current_user), choice=claim.payment_choice, formdata=None
        ),
        "less_form": TakeLessForm(formdata=None),
        "confirm": ConfirmForm(formdata=None),
    }
    return render_template(
        "payments/claim.html",
        claim=claim,
        history=queries.claim_history(claim),
        actions=claim_actions(claim, current_user),
        **(forms | sent),
    )


OWN_CLAIM = ClaimPage("payments.claim", find=_own_claim_or_404, render=_claim_page)


@blueprint.post("/claims/<id:claim_id>/choice")
@roles(Role.YOUNG_PERSON)
def choose(claim_id):
    return OWN_CLAIM.act(
        claim_id,
        ChoiceForm(choices.allowed_choices(current_user)),
        lambda claim, form: choices.choose_payment(claim, form.chosen, actor=current_user),
        done=_("Saved. Thanks for letting us know."),
        shown_as="choice_form",
    )


@blueprint.post("/claims/<id:claim_id>/less")
@roles(Role.YOUNG_PERSON)
def take_less(claim_id):
    return OWN_CLAIM.act(
        claim_id,
        TakeLessForm(),
        lambda claim, form: choices.take_less(claim, form.amount.data, actor=current_user),
        done=_("Saved. We'll pay you the amount you asked for."),
        shown_as="less_form",
    )


@blueprint.post("/claims/<id:claim_id>/full")
@roles(Role.YOUNG_PERSON)
def full_amount(claim_id):
    return OWN_CLAIM.act(
        claim_id,
        ConfirmForm(),
        lambda claim, form: choices.take_less(claim, None, actor=current_user),
        done=_("Saved. We'll pay you the full amount."),
    )


@blueprint.post("/claims/<id:claim_id>/withdraw")
@roles(Role.YOUNG_PERSON)
def withdraw(claim_id):
    return OWN_CLAIM.act(
        claim_id,
        ConfirmForm(),
        lambda claim, form: services.withdraw_contribution(claim, actor=current_user),
        done=_("Your claim has been taken back."),
    )


@blueprint.post("/choice")
@roles(Role.YOUNG_PERSON)
def default_choice():
    form = ChoiceForm(choices.allowed_choices(current_user, default=True))
    then = url_for("payments.money") + "#how-paid"
    if not form.validate_on_submit():
        flash(_("Choose how you'd like to be paid."), "error")
        return redirect(then)
    refused_goes_to(then)
    used = choices.set_default_choice(current_user, form.chosen, actor=current_user)
    saved = _("Saved. New claims will be paid this way.")
    if used:
        also = ngettext(
            "Also used for %(num)d claim waiting for a choice.",
            "Also used for %(num)d claims waiting for a choice.",
            used,
        )
        saved = f"{saved} {also}"
    flash(saved, "success")
    return redirect(then)


def _to_stripe(*, create: bool):
    refused_goes_to(url_for("payments.money"))
    url = onboarding.onboarding_link(
        current_user,
        actor=current_user,
        refresh_url=public_url("payments.stripe_refresh"),
        return_url=public_url("payments.stripe_return"),
        create=create,
    )
    return redirect(url, 303)


@blueprint.post("/stripe/setup")
@roles(Role.YOUNG_PERSON)
def stripe_setup():
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("payments.money"))
    return _to_stripe(create=True)


# Stripe's return addresses are GETs that write (the documented exception, `core.transaction`):
# Stripe sends the person's browser back to them, and what it tells us then must be kept.


@blueprint.get("/stripe/refresh")
@roles(Role.YOUNG_PERSON)
@writes_on_get
def stripe_refresh():
    # Stripe sends people here when their link has expired or was already used.
    return _to_stripe(create=False)


@blueprint.get("/stripe/return")
@roles(Role.YOUNG_PERSON)
@writes_on_get
def stripe_return():
    refused_goes_to(url_for("payments.money"))
    status = onboarding.check_account(current_user, actor=current_user)
    if status == StripeStatus.READY:
        flash(_("All set! We can now pay you straight to your bank."), "success")
    elif status != StripeStatus.NONE:
        flash(_("Your setup isn't finished yet. You can carry on whenever you're ready."), "error")
    return redirect(url_for("payments.money"))


@blueprint.get("/payments/<id:payment_id>/receipt")
@roles(Role.YOUNG_PERSON)
def receipt(payment_id):
    payment = queries.own_payment(current_user, payment_id) or abort(404)
    return render_template("payments/receipt.html", payment=payment, claim=payment.contribution)
