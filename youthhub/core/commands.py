"""The translation commands: `flask --app youthhub translate update|compile|init`."""

import subprocess
import sys

import click

from youthhub.config import PROJECT_ROOT

TRANSLATIONS = PROJECT_ROOT / "translations"
POT_FILE = TRANSLATIONS / "messages.pot"


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
