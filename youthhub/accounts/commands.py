"""`flask --app youthhub invite-staff EMAIL --role admin`: how the first admin gets in; and
`reset-factors EMAIL`, for an admin who lost every second factor."""

import click
from flask import current_app

from youthhub.accounts import emails, mfa, services
from youthhub.accounts.forms import STAFF_ROLE_CHOICES
from youthhub.core.errors import DomainError
from youthhub.core.links import command_base_url
from youthhub.extensions import db


@click.command("invite-staff")
@click.argument("email")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([choice.value for choice in STAFF_ROLE_CHOICES]),
)
@click.option(
    "--base-url",
    default=None,
    help="Only without PUBLIC_BASE_URL (development): the address for links in emails "
    "(default http://127.0.0.1:5000).",
)
def invite_staff_command(email, roles, base_url):
    """Make a single-use staff invite link and print it (it is emailed too)."""
    with current_app.test_request_context(base_url=command_base_url(base_url)):
        try:
            invite, token = services.invite_staff(email, roles, actor=None)
        except DomainError as error:
            raise click.ClickException(str(error.message)) from None
        link = emails.send_staff_invite(invite, token)
        db.session.commit()
    click.echo(
        f"Invite for {invite.email} ({', '.join(invite.roles)}), "
        f"valid for {current_app.config['STAFF_INVITE_HOURS']} hours:"
    )
    click.echo(link)


@click.command("reset-factors")
@click.argument("email")
def reset_factors_command(email):
    """Remove a person's second factors (e.g. the last admin lost their phone and codes)."""
    person = services.find_user_by_email(email)
    if person is None:
        raise click.ClickException(f"No account with the email {email}.")
    mfa.reset_factors(person, actor=None)
    db.session.commit()
    click.echo(f"Second factors removed for {person.email}; they set one up at their next login.")
