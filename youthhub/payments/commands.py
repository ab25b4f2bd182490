"""`flask --app youthhub payments reconcile`: settle claims left in `paying` (run it from cron)."""

import click
from flask import current_app

from youthhub.core.links import command_base_url
from youthhub.extensions import db


@click.group("payments")
def payments_command():
    """Payments: reconcile with Stripe."""


@payments_command.command("reconcile")
@click.option(
    "--base-url",
    default=None,
    help="Only without PUBLIC_BASE_URL (development): the address for links in emails "
    "(default http://127.0.0.1:5000).",
)
def reconcile_command(base_url):
    """Ask Stripe about every claim still being paid, and settle it without paying twice."""
    from youthhub.payments.paying import reconcile

    with current_app.test_request_context(base_url=command_base_url(base_url)):
        counts = reconcile(actor=None)
        db.session.commit()
    summary = ", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items()))
    click.echo(f"Reconciled claims being paid: {summary or 'none'}.")


@payments_command.command("load-rate-card")
def load_rate_card_command():
    """Add the standard kinds of contribution and their starting rates (safe to run again)."""
    from youthhub.payments.rates import ensure_default_rate_card

    added = ensure_default_rate_card()
    db.session.commit()
    click.echo(f"Standard rate card: {added} kind(s) added.")
