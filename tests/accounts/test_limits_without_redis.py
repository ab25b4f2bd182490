"""Login limits kept in Redis (REDIS_URL) fall back to each worker's memory while Redis can't be
reached: logins go on working, and failures are still limited."""

import pytest

from tests.factories import make_young_person, post_login


@pytest.fixture
def app_config():
    return {
        "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "LOGIN_LIMIT_PER_ACCOUNT": "2 per 15 minutes",
    }


def test_with_redis_down_logins_work_and_failures_are_still_limited(app):
    person = make_young_person()
    assert post_login(app.test_client(), person).status_code == 302
    stranger = app.test_client()
    for _ in range(2):
        assert post_login(stranger, person, password="a wrong guess").status_code == 200
    assert post_login(stranger, person).status_code == 429
