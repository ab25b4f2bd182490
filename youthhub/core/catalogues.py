"""Helpers for the message catalogues under translations/."""

from pathlib import Path

from babel.messages.pofile import read_po, write_po


def fill_english(po_path: Path) -> None:
    """English is the source language: its catalogue says each message as written."""
    with po_path.open("rb") as handle:
        catalogue = read_po(handle, locale="en")
    for message in catalogue:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            message.string = tuple(message.id[min(i, 1)] for i in range(catalogue.num_plurals))
        else:
            message.string = message.id
        message.flags.discard("fuzzy")
    with po_path.open("wb") as handle:
        write_po(handle, catalogue, width=100, omit_header=False)
