"""The shape every form-handling view shares: validate, call one service, commit once, flash,
redirect; or show the page again with what the person typed and why it was refused."""

from collections.abc import Callable

from flask import flash, redirect

from youthhub.core.errors import DomainError
from youthhub.extensions import db


def form_action(form, action: Callable[[], object], *, done: str, then: str, page: Callable):
    """Run `action` (one service call) if `form` is valid, then commit, flash `done` and go to
    `then`. A form that does not validate, or a service that refuses, shows `page()` again, so
    nothing typed is lost."""
    if form.validate_on_submit():
        try:
            action()
        except DomainError as error:
            db.session.rollback()
            flash(error.message, "error")
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(then)
    return page()
