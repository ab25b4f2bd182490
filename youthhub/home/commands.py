"""Every command-line task, and `flask --app youthhub seed-demo`, which gathers each domain's
demo data."""

import click
from flask import Flask
from sqlalchemy import func, select

from youthhub.accounts.commands import invite_staff_command, reset_factors_command
from youthhub.accounts.demo import seed_demo_people
from youthhub.accounts.models import Role, User
from youthhub.accounts.queries import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_logins
from youthhub.activities.demo import demo_young_people, seed_demo_activities
from youthhub.activities.reminders import send_session_reminders_command
from youthhub.core.assets import static_commands
from youthhub.core.commands import translate
from youthhub.core.jobs import jobs_command
from youthhub.endings.reminders import send_reminders_command
from youthhub.extensions import db
from youthhub.goals.defaults import ensure_defaults
from youthhub.goals.demo import seed_demo_goals
from youthhub.groups.demo import seed_demo_group
from youthhub.payments.commands import payments_command
from youthhub.payments.demo import seed_demo_money
from youthhub.payments.rates import ensure_default_rate_card
from youthhub.rights.commands import data_command
from youthhub.support.defaults import ensure_default_kinds
from youthhub.support.demo import seed_demo_support


def register_commands(app: Flask) -> None:
    app.cli.add_command(invite_staff_command)
    app.cli.add_command(reset_factors_command)
    app.cli.add_command(send_reminders_command)
    app.cli.add_command(send_session_reminders_command)
    app.cli.add_command(payments_command)
    app.cli.add_command(data_command)
    app.cli.add_command(seed_demo)
    app.cli.add_command(translate)
    app.cli.add_command(static_commands)
    app.cli.add_command(jobs_command)


@click.command("seed-demo")
def seed_demo():
    """Load demo people, their goals, money, a year of activities and a power group into an
    empty database (none if anyone exists)."""
    ensure_defaults()  # the goal areas and help contacts, if missing
    ensure_default_kinds()  # the kinds of support
    if ensure_default_rate_card():
        click.echo("Standard rate card loaded.")
    if db.session.scalar(select(func.count(User.id))):
        db.session.commit()
        click.echo("The database already has people in it: demo data not loaded.")
    else:
        people = seed_demo_people()
        seed_demo_goals(people[Role.YOUNG_PERSON.value], people[Role.YOUTH_WORKER.value])
        seed_demo_money(people)
        young_people = demo_young_people(people[Role.YOUNG_PERSON.value])
        seed_demo_activities(young_people)
        seed_demo_group(young_people)
        seed_demo_support(young_people, people[Role.YOUTH_WORKER.value])
        db.session.commit()
        click.echo("Demo data loaded.")
    if demo_logins():
        click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, name, roles in DEMO_ACCOUNTS:
            click.echo(f"  {roles[0].value:<13} {name:<6} {email}")
