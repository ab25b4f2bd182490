"""The wipe after a committing test (tests/conftest.py) leaves every table empty and numbering
from 1 again, on SQLite and PostgreSQL alike: the next test must not meet this one's rows."""

import pytest
from sqlalchemy import func, select

from tests.conftest import wipe_database
from tests.factories import make_worker, make_young_person
from youthhub.core.audit import record
from youthhub.extensions import db


@pytest.mark.committing
def test_the_wipe_empties_every_table_and_numbers_from_one_again(app):
    worker = make_worker()
    young = make_young_person(key_worker=worker)
    record("test.wiped", actor=worker, subject=young)  # the audit log refuses deletes
    db.session.commit()
    db.session.remove()

    wipe_database()

    left = {
        table.name: count
        for table in db.metadata.sorted_tables
        if (count := db.session.scalar(select(func.count()).select_from(table)))
    }
    assert left == {}
    assert make_worker().id == 1
