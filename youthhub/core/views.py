"""The privacy page, the health check and the error pages (the home pages are in `home/`)."""

from flask import Blueprint, Flask, jsonify, render_template
from sqlalchemy import text

from youthhub.core.access import public
from youthhub.core.transaction import wants_json
from youthhub.extensions import db

blueprint = Blueprint("core", __name__, template_folder="templates")


@blueprint.get("/privacy")
@public
def privacy():
    return render_template("core/privacy.html")


@blueprint.get("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not healthy", never a 500 page
        db.session.rollback()
        return jsonify(status="unavailable", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


def _error_page(code: int):
    def handler(error):
        db.session.rollback()
        # A script (the phone's outbox, a passkey) reads JSON. An error page would also start a
        # session with a new CSRF token for a visitor without one, and a queued change sent
        # while the phone changes hands would then replace the token of the login form the next
        # person just opened ("The CSRF session token is missing").
        if wants_json():
            return jsonify(ok=False, status=code), code
        # Some errors carry their own page (e.g. the login form with a rate-limit message).
        if getattr(error, "response", None) is not None:
            return error.response
        return render_template(f"errors/{code}.html"), code

    return handler


def register_error_pages(app: Flask) -> None:
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, _error_page(code))
