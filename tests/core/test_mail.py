"""Emails whose sending must not show in the response time go from a background thread."""

import time

import pytest

from tests.factories import make_young_person


@pytest.fixture
def app_config():
    return {"MAIL_IN_BACKGROUND": True}


def wait_for(inbox, count: int, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.02)


def test_a_reset_email_still_arrives_when_sent_from_the_background(client, smtp_inbox):
    make_young_person(email="jo@example.org")
    response = client.post("/forgot-password", data={"email": "jo@example.org"})
    assert response.status_code == 302
    wait_for(smtp_inbox, 1)
    assert "/reset-password/" in smtp_inbox.body()
