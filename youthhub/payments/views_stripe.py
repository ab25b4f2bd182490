"""Stripe's webhooks: the one route without a CSRF token, because Stripe signs it instead."""

from flask import Blueprint, jsonify, request

from youthhub.core.access import public
from youthhub.extensions import csrf, db
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
    except gateway.GatewayError:
        # Stripe could not be asked about it: forget the event, and Stripe's retry will do.
        db.session.rollback()
        return jsonify(error="stripe unreachable"), 503
    db.session.commit()
    return jsonify(received=True, outcome=outcome)
