"""One change sent several times at the same moment (the service worker and an open page both
sending the outbox as the signal comes back) is applied once: the others wait on the key's
unique row and answer with its outcome. Needs PostgreSQL (SQLite takes one writer at a time)."""

import threading
import uuid

import pytest
from sqlalchemy import func, select

from tests.conftest import DATABASE_KIND
from tests.factories import log_in, make_young_person
from tests.goals.factories import area, default_areas
from youthhub.extensions import db
from youthhub.goals.models import Rating

pytestmark = [
    pytest.mark.skipif(DATABASE_KIND != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.committing,
]
COPIES = 4


def test_copies_sent_at_once_are_applied_once(app):
    default_areas()
    db.session.commit()
    young = make_young_person(name="Jordan")
    path = f"/goals/areas/{area('job').id}/rate"
    key = str(uuid.uuid4())
    clients = []
    for _copy in range(COPIES):
        client = app.test_client()
        log_in(client, young)
        clients.append(client)
    barrier = threading.Barrier(COPIES)
    answers, lock = [], threading.Lock()

    def send(client):
        token = client.csrf_token()
        barrier.wait()
        answer = client.post(
            path,
            data={"score": "7", "csrf_token": token},
            headers={"Accept": "application/json", "Idempotency-Key": key},
        )
        with lock:
            answers.append((answer.status_code, answer.get_json()))

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert [status for status, _json in answers] == [200] * COPIES, answers
    assert all(json["ok"] for _status, json in answers)
    assert sum(1 for _status, json in answers if json.get("replayed")) == COPIES - 1
    count = db.session.scalar(select(func.count(Rating.id)).where(Rating.owner_id == young.id))
    assert count == 1
