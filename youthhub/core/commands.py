"""Command-line tasks: `flask --app youthhub seed-demo` and `flask --app youthhub translate ...`."""

import subprocess
import sys

import click
from flask import Flask
from sqlalchemy import func, select

from youthhub.config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"
POT_FILE = TRANSLATIONS / "messages.pot"


def register_commands(app: Flask) -> None:
    from youthhub.accounts.commands import invite_staff_command
    from youthhub.endings.reminders import send_reminders_command
    from youthhub.payments.commands import payments_command
    from youthhub.rights.commands import data_command

    app.cli.add_command(invite_staff_command)
    app.cli.add_command(send_reminders_command)
    app.cli.add_command(payments_command)
    app.cli.add_command(data_command)
    app.cli.add_command(seed_demo)
    app.cli.add_command(translate)


@click.command("seed-demo")
def seed_demo():
    """Load demo people, their goals and money into an empty database (none if anyone exists)."""
    from youthhub.accounts.demo import seed_demo_people
    from youthhub.accounts.models import Role, User
    from youthhub.accounts.queries import DEMO_ACCOUNTS, DEMO_PASSWORD
    from youthhub.extensions import db
    from youthhub.goals.defaults import ensure_defaults
    from youthhub.goals.demo import seed_demo_goals
    from youthhub.payments.demo import seed_demo_money
    from youthhub.payments.rates import ensure_default_rate_card

    ensure_defaults()  # the goal areas and help contacts, if missing
    if ensure_default_rate_card():
        click.echo("Standard rate card loaded.")
    if db.session.scalar(select(func.count(User.id))):
        db.session.commit()
        click.echo("The database already has people in it: demo data not loaded.")
    else:
        people = seed_demo_people()
        seed_demo_goals(people[Role.YOUNG_PERSON.value], people[Role.YOUTH_WORKER.value])
        seed_demo_money(people)
        db.session.commit()
        click.echo("Demo data loaded.")
    from youthhub.accounts.queries import demo_logins

    if demo_logins():
        click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for email, name, roles in DEMO_ACCOUNTS:
            click.echo(f"  {roles[0].value:<13} {name:<6} {email}")


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True)  # noqa: S603


@click.group()
def translate():
    """Translation and localisation commands."""


@translate.command()
def update():
    """Extract strings and update every catalogue."""
    _pybabel(
        "extract",
        "-F",
        str(PROJECT_ROOT / "babel.cfg"),
        "-k",
        "_l",
        "--no-location",
        "--sort-output",
        "-o",
        str(POT_FILE),
        str(PROJECT_ROOT / "youthhub"),
    )
    _pybabel(
        "update",
        "-i",
        str(POT_FILE),
        "-d",
        str(TRANSLATIONS),
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    from youthhub.core.catalogues import fill_english

    fill_english(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")


@translate.command()
def compile():
    """Compile catalogues so the app can use them."""
    _pybabel("compile", "-d", str(TRANSLATIONS))


@translate.command()
@click.argument("lang")
def init(lang):
    """Start a catalogue for a new language."""
    _pybabel("init", "-i", str(POT_FILE), "-d", str(TRANSLATIONS), "-l", lang)
