import pytest

from youthhub.extensions import db
from youthhub.support.defaults import ensure_default_kinds


@pytest.fixture
def kinds(app):
    """The three starting kinds, in order: every table is emptied after each test."""
    found = ensure_default_kinds()
    db.session.commit()
    return found
