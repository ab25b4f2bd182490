"""Every CSV the app hands out: cells a spreadsheet will not run, and the download itself."""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from flask import Response, current_app, stream_with_context
from flask_babel import get_locale

# A cell starting with one of these is run as a formula by spreadsheet programs, so a name
# someone typed (an activity title, an area name) could otherwise run on finance's laptop.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """The value as CSV text that a spreadsheet shows as typed and never runs."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


ROWS_PER_CHUNK = 200  # a streamed CSV goes out in pieces of this many rows


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


def _attachment(body, filename: str) -> Response:
    response = current_app.response_class(body, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def csv_download(rows: Iterable[Iterable], filename: str) -> Response:
    """A CSV attachment named `filename`, never cached by the browser or the service worker."""
    return _attachment(csv_text(rows), filename)


def csv_stream(make_rows: Callable[[], Iterable[Iterable]], filename: str) -> Response:
    """A CSV attachment written as it is sent: `make_rows` is called once the response starts
    and its rows go out a few hundred at a time, so a report of years is never held whole in
    memory. The request stays open while it runs (its database session and language)."""

    # The language is settled now, while the signed-in person is at hand: the request's own
    # transaction has ended by the time the rows are written.
    get_locale()

    def chunks() -> Iterator[str]:
        rows = iter(make_rows())
        while some := list(islice(rows, ROWS_PER_CHUNK)):
            yield csv_text(some)

    return _attachment(stream_with_context(chunks()), filename)
