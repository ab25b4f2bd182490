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
- A call that must happen only once the request's change is kept (closing an erased young
  person's Stripe account) is handed to `after_commit`: it runs after the request's commit,
  its own writes (the call's outcome) are committed on their own, and it is dropped if the
  request rolls back. A command that commits runs `run_after_commit` itself.
"""

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app, flash, g, jsonify, redirect, request, url_for
from sqlalchemy import event
from sqlalchemy.orm import Session

from youthhub.core.errors import DomainError
from youthhub.core.redirects import is_safe_next
from youthhub.extensions import db

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
AFTER_COMMIT = "youthhub_after_commit"
log = logging.getLogger(__name__)


def after_commit(task: Callable[[], None]) -> None:
    """Run `task` once this transaction has committed, in a transaction of its own."""
    db.session.info.setdefault(AFTER_COMMIT, []).append(task)


def run_after_commit() -> None:
    """Run the tasks the committed transaction left, committing each one's own writes. A task
    that fails is logged and rolled back: what was committed before it stands."""
    for task in db.session.info.pop(AFTER_COMMIT, []):
        try:
            task()
            db.session.commit()
        except Exception:
            db.session.rollback()
            log.exception("A task after the commit failed")


def forget_after_commit() -> None:
    """The transaction was rolled back: what it asked to do afterwards must not happen."""
    db.session.info.pop(AFTER_COMMIT, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_when_rolled_back(session, previous_transaction):
    # Only the whole transaction rolling back drops the tasks, not a SAVEPOINT inside it.
    if previous_transaction.parent is None:
        session.info.pop(AFTER_COMMIT, None)


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


def wants_json() -> bool:
    """Whether a script sent this request and reads the answer as JSON (a passkey's answer,
    the phone's outbox): it says so with its body or its `Accept` header."""
    if request.is_json:
        return True
    accepted = request.accept_mimetypes
    return accepted["application/json"] > accepted["text/html"]


def show_refusal(error: DomainError):
    """The app's one answer to a refusal: roll back, say why, and go back (or, to a script's
    JSON request, such as a passkey's answer or the outbox's, say why as JSON)."""
    db.session.rollback()
    forget_after_commit()
    g.rolled_back = True
    if wants_json():
        return jsonify(ok=False, message=error.message, error=error.message), 400
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
        run_after_commit()
    elif response.is_streamed:
        # The rows are yet to be read: the session stays as it was, ready for them.
        db.session.rollback()
        forget_after_commit()
    else:
        _end_without_keeping()
    return response


def _end_without_keeping() -> None:
    """Roll back by closing the session: the same rollback (the connection goes back to the
    pool rolled back), without first expiring every object the finished page loaded, which a
    rollback does so they could be used again. Nothing after this uses them: the hooks that
    run later write with plain values, in their own transaction. (On PostgreSQL a page that
    only read began no transaction, so nothing is sent: `core.database`.)"""
    db.session.close()
    forget_after_commit()


def register_request_rule(app: Flask) -> None:
    app.register_error_handler(DomainError, show_refusal)
    app.after_request(finish_transaction)
