"""Stripe's webhooks: the one route without a CSRF token, because Stripe signs it instead.

Like every POST, an answer under 400 is committed by the request (`core.transaction`), once,
with the event's id, so a repeat is a no-op; an error answer rolls everything back, the event
id too, so Stripe's retry of it is acted on afresh.
"""

from flask import Blueprint, current_app, jsonify, request

from youthhub.core.access import public
from youthhub.core.errors import DomainError
from youthhub.extensions import csrf
from youthhub.payments import stripe_gateway as gateway
from youthhub.payments import webhooks

blueprint = Blueprint("stripe_webhooks", __name__)


@blueprint.post("/stripe/webhook")
@public
@csrf.exempt
def receive():
    # The signature covers the raw body exactly as sent, so verify before parsing anything.
    try:
        event = gateway.verify_event(request.get_data(), request.headers.get("Stripe-Signature"))
    except gateway.BadSignature:
        return jsonify(error="signature"), 400
    try:
        outcome = webhooks.handle_event(event)
    except webhooks.EventFromTheFuture as refused:
        # Signed with our secret yet dated ahead: a clock far out, or a forged date. Say so.
        current_app.logger.warning("Stripe webhook refused: %s", refused)
        return jsonify(error="created in the future"), 400
    except gateway.GatewayError:
        # Stripe could not be asked about it: an error answer rolls everything back, the event
        # included (the request rule), and Stripe's retry will do.
        return jsonify(error="stripe unreachable"), 503
    return jsonify(received=True, outcome=outcome)


@blueprint.errorhandler(DomainError)
def _not_now(error: DomainError):
    """A claim moved under the event (say, a payment settling at that very moment): answer
    Stripe with an error, so nothing is kept and Stripe sends the event again later. (The app's
    own answer to a refusal, a flash and a redirect, means nothing to Stripe.)"""
    return jsonify(error="conflict"), 409
