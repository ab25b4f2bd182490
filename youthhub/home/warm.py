"""Work a worker does once when it starts, so no person's request pays for it.

The first certificate download in a new process spent ~75 ms more than the next ones while
WeasyPrint's libraries read their C declarations and fonts, and the first login for an unknown
email made the dummy hash (`accounts.passwords`). gunicorn starts each worker from `wsgi.py`,
which calls this; tests and commands build the app without it.
"""

from flask import Flask

from youthhub.accounts.passwords import prepare_dummy_hash
from youthhub.core.pdf import render_pdf

#: The fonts and shapes the certificate and keepsake use (`endings/templates/endings/print/`):
#: WeasyPrint loads each font face, and reads the C types it subsets it with, on first use.
SAMPLE = """<!doctype html><html lang="cy"><body style='font-family: "DejaVu Sans", sans-serif'>
<h1 style='font-family: "DejaVu Serif", serif'>Llongyfarchiadau <b>Congratulations</b></h1>
<p>Helo <b>Hello</b> <i>ŵŷ</i> <span style='font-family: "DejaVu Sans Mono", monospace'>
<b>ABCD-1234</b></span></p><svg viewBox="0 0 2 2"><path d="M0 0h1v1H0z"/></svg></body></html>"""


def warm_up(app: Flask) -> None:
    with app.app_context():
        prepare_dummy_hash()
        render_pdf(SAMPLE)
