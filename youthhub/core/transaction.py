"""The request rule: one transaction per request, committed once, in one place.

- A view validates its form and calls one service; it never commits. When the view has
  answered, a POST (or other unsafe method) that succeeded is committed here, once; emails
  queued by services leave only after that commit (`core.mail`).
- A GET never writes: its transaction is rolled back, whatever was touched. Stripe's return
  addresses are the documented exception and say so with `@writes_on_get`.
- A `DomainError` raised anywhere is answered here: the transaction is rolled back, the
  translated message is shown, and the person lands back where they were: a form page shows
  itself again with what was typed (`refused_shows`), a button goes back to its page
  (`refused_goes_to`, else the page the person came from). Any other error rolls back too.
- The one service step that must be committed *before* a call to Stripe (a claim moving to
  `paying`) commits itself in `payments.paying`, and says why there.
"""

from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, g, jsonify, redirect, request, url_for

from youthhub.core.errors import DomainError
from youthhub.core.redirects import is_safe_next
from youthhub.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def writes_on_get(view: Callable) -> Callable:
    """Declare that this GET view's writes are kept (only Stripe's return addresses need it)."""
    view.writes_on_get = True
    return view


def refused_shows(page: Callable) -> None:
    """If a service refuses during this request, answer with `page()` (the form, as typed)."""
    g.refused_page = page


def refused_goes_to(url: str) -> None:
    """If a service refuses during this request, say why on the page at `url`."""
    g.refused_url = url


def _came_from() -> str | None:
    """The page on this site the person came from, as a path, if the browser said."""
    referrer = request.referrer
    if not referrer:
        return None
    parts = urlsplit(referrer)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return path if is_safe_next(path) else None


def show_refusal(error: DomainError):
    """The app's one answer to a refusal: roll back, say why, and go back (or, to a script's
    JSON request, such as a passkey's answer, say why as JSON)."""
    db.session.rollback()
    g.rolled_back = True
    if request.is_json:
        return jsonify(error=error.message), 400
    flash(error.message, "error")
    page = g.pop("refused_page", None)
    if page is not None:
        return page()
    target = g.pop("refused_url", None) or _came_from() or url_for("home.home")
    return redirect(target)


def _keeps_writes() -> bool:
    if g.get("rolled_back"):
        return False
    if request.method not in SAFE_METHODS:
        return True
    view = _current_view()
    return bool(getattr(view, "writes_on_get", False))


def _current_view():
    return current_app.view_functions.get(request.endpoint) if request.endpoint else None


def finish_transaction(response):
    """`after_request`: commit what a successful unsafe request did; roll back everything else.
    A failing commit raises here, so the person sees the error page, never a false "done"."""
    if response.status_code < 400 and _keeps_writes():
        db.session.commit()
    else:
        db.session.rollback()
    return response


def register_request_rule(app: Flask) -> None:
    app.register_error_handler(DomainError, show_refusal)
    app.after_request(finish_transaction)
