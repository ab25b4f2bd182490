"""Argon2id's costs: at or above OWASP's minimum, one lane, and old hashes still work."""

from argon2 import PasswordHasher

from tests.factories import PASSWORD, make_worker
from youthhub.accounts import passwords, services
from youthhub.home.warm import warm_up

# OWASP Password Storage Cheat Sheet: Argon2id with at least 19 MiB, 2 passes, 1 lane.
OWASP_MEMORY_KIB, OWASP_PASSES = 19 * 1024, 2


def test_production_costs_meet_owasps_minimum_in_one_lane(app, monkeypatch):
    for key in ("ARGON2_TIME_COST", "ARGON2_MEMORY_KIB", "ARGON2_PARALLELISM"):
        monkeypatch.delitem(app.config, key, raising=False)
    made = passwords.hash_password(PASSWORD)
    # One lane: on a 2-core server four lanes fought over the cores, and a login took seconds
    # whenever anything else ran.
    assert made.startswith("$argon2id$v=19$m=24576,t=2,p=1$")
    passes, memory, lanes = passwords.costs()
    assert passes >= OWASP_PASSES and memory >= OWASP_MEMORY_KIB and lanes == 1
    assert passwords.verify_password(made, PASSWORD)


def test_a_hash_made_with_the_old_costs_still_logs_in_and_is_made_again(app):
    worker = make_worker()
    # The costs hashes were made with before (three passes, four lanes), kept small here.
    worker.password_hash = PasswordHasher(time_cost=3, memory_cost=256, parallelism=4).hash(
        PASSWORD
    )
    assert services.authenticate(worker.email, PASSWORD) is worker
    assert ",t=1,p=1$" in worker.password_hash  # the test config's costs, one lane
    assert services.authenticate(worker.email, PASSWORD) is worker


def test_a_starting_worker_makes_the_dummy_hash_and_a_pdf_before_anyone_asks(app):
    app.extensions.pop("youthhub_dummy_hash", None)
    warm_up(app)
    assert passwords.costs() in app.extensions["youthhub_dummy_hash"]
