"""Every CSV the app hands out: cells a spreadsheet will not run, and the download itself."""

import csv
import io
from collections.abc import Iterable

from flask import Response, current_app

# A cell starting with one of these is run as a formula by spreadsheet programs, so a name
# someone typed (an activity title, an area name) could otherwise run on finance's laptop.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as CSV text that a spreadsheet shows as typed and never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(rows: Iterable[Iterable]) -> str:
    """Rows as CSV, every text cell made safe; numbers (whole or not) stay numbers: a number is
    never run as a formula, and a negative one made text could not be added up."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow(
            [value if isinstance(value, int | float) else safe_cell(value) for value in row]
        )
    return out.getvalue()


def csv_download(rows: Iterable[Iterable], filename: str) -> Response:
    """A CSV attachment named `filename`, never cached by the browser or the service worker."""
    response = current_app.response_class(csv_text(rows), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
