"""gunicorn.conf.py: the values it gives gunicorn for some cores, and a real start with it."""

import os
import runpy
import signal
import socket
import subprocess
import sys
import time

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from gunicorn.config import Config

from youthhub.config import PROJECT_ROOT

CONF = PROJECT_ROOT / "gunicorn.conf.py"
TOKEN = "IjEyMyI.aBcDeF.s1gnatureS1gnatureS1gnature"


def load(monkeypatch, cores: int, web_concurrency: str | None = None) -> tuple[Config, dict]:
    """The settings as gunicorn takes them from the file (each checked by gunicorn's own types)."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(cores)), raising=False)
    if web_concurrency is None:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    else:
        monkeypatch.setenv("WEB_CONCURRENCY", web_concurrency)
    namespace = runpy.run_path(str(CONF))
    config = Config()
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)
    return config, namespace


def test_workers_follow_the_cores_and_the_app_is_loaded_once(monkeypatch):
    config, _ = load(monkeypatch, cores=4)
    assert config.workers == 5
    assert config.threads == 1  # measured: threads only took turns under the GIL
    # Accepts a connection only when free: a busy gthread worker queued a burst behind itself.
    assert config.worker_class_str == "sync"
    assert config.preload_app is True
    assert config.wsgi_app == "wsgi:app"
    assert (config.timeout, config.graceful_timeout) == (60, 30)
    # The app's own check (several workers need shared login limits) sees the same number.
    assert os.environ["WEB_CONCURRENCY"] == "5"

    assert load(monkeypatch, cores=1)[0].workers == 2
    assert load(monkeypatch, cores=4, web_concurrency="3")[0].workers == 3


def test_the_access_log_keeps_no_query_string_referrer_or_token(monkeypatch):
    config, namespace = load(monkeypatch, cores=2)
    log_format = config.access_log_format
    assert "%(U)s" in log_format
    for atom in ("%(r)s", "%(q)s", "%(f)s", "%({referer}i)s"):
        assert atom not in log_format
    redact = namespace["redact"]
    assert redact(f"/reset-password/{TOKEN}") == "/reset-password/…"
    assert redact(f"/calendar/{TOKEN}.ics") == "/calendar/…"
    assert redact(f"/my-data/download/{TOKEN}") == "/my-data/download/…"
    assert redact("/manage/activities/12/register") == "/manage/activities/12/register"
    assert redact("/static/css/app.3f2a1b9c0d1e.css") == "/static/css/app.3f2a1b9c0d1e.css"


def test_workers_share_the_preloaded_app_and_give_back_what_a_big_request_freed(monkeypatch):
    """Issue 19: the master's objects are frozen before each fork (the collector would copy
    every shared page into each worker), and a worker that grew trims glibc's free memory."""
    import gc
    from types import SimpleNamespace

    _, namespace = load(monkeypatch, cores=2)
    try:
        namespace["pre_fork"](server=None, worker=None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    if namespace["glibc"] is None:
        pytest.skip("no glibc here")
    worker = SimpleNamespace()
    namespace["post_request"](worker, None, {}, None)
    assert worker.trimmed_at > 0  # the first request finds it grown from nothing: trimmed
    # Nothing grew since: no trim (a cheap look at /proc/self/statm, no walk of the heap).
    trims = []
    monkeypatch.setattr(namespace["glibc"], "malloc_trim", lambda pad: trims.append(pad))
    worker.trimmed_at = namespace["_resident_bytes"]()
    namespace["post_request"](worker, None, {}, None)
    assert trims == []


def test_a_worker_collects_garbage_less_often_than_python_by_itself(monkeypatch):
    """Issue 19: a staff list keeps more than Python's 700 young objects alive while it is made,
    so with the default the collector ran about once a request and freed nothing."""
    import gc

    _, namespace = load(monkeypatch, cores=2)
    before = gc.get_threshold()
    monkeypatch.delitem(sys.modules, "wsgi", raising=False)  # no app loaded: nothing to drop
    try:
        namespace["post_fork"](server=None, worker=None)
        assert gc.get_threshold() == (2000, *before[1:])
    finally:
        gc.set_threshold(*before)


# Newer gunicorn listens on a control socket at one path per user: test servers keep off it.
NO_CONTROL_SOCKET = ["--no-control-socket"] if "control_socket_disable" in Config().settings else []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def signing_key() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


def test_gunicorn_starts_with_the_file_and_answers_the_health_check(tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "WEB_CONCURRENCY": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path}/health.sqlite",
        "SECRET_KEY": "g" * 40,
        "CREDENTIAL_SIGNING_KEY": signing_key(),
    }
    env.pop("STRIPE_SECRET_KEY", None)
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", *NO_CONTROL_SOCKET],
            cwd=PROJECT_ROOT,  # gunicorn reads ./gunicorn.conf.py by itself
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        try:
            answer = wait_for(f"http://127.0.0.1:{port}/healthz?token=query-secret", server)
            assert answer.json() == {"status": "ok", "database": "ok"}
            reset = requests.get(f"http://127.0.0.1:{port}/reset-password/{TOKEN}", timeout=10)
            assert reset.status_code == 410  # a link that is not one
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
    logged = log.read_text()
    assert '"GET /healthz HTTP/1.1" 200' in logged
    assert '"GET /reset-password/… HTTP/1.1"' in logged
    assert "query-secret" not in logged and TOKEN not in logged


def wait_for(url: str, server: subprocess.Popen, seconds: float = 60) -> requests.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn stopped with {server.returncode}")
        try:
            return requests.get(url, timeout=5)
        except requests.ConnectionError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer {url} within {seconds} s")
