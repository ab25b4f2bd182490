"""A throwaway Redis for the test run: Debian's redis-server on a free loopback port, in a
temporary folder, keeping nothing on disk. Without redis-server, the tests that need it are
skipped, unless YOUTHHUB_REQUIRE_REDIS=1 (as in CI), when they fail loudly instead."""

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

MISSING = "redis-server is missing: install Debian's redis-server to run the tests across machines"


def redis_server_or_skip() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    if os.environ.get("YOUTHHUB_REQUIRE_REDIS") == "1":
        pytest.fail(MISSING + " (YOUTHHUB_REQUIRE_REDIS=1)", pytrace=False)
    pytest.skip(MISSING)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, binary: str):
        self.binary = binary
        self.base = Path(tempfile.mkdtemp(prefix="youthhub-redis-"))
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.base),
                "--save", "",
                "--appendonly", "no",
                "--logfile", str(self.base / "redis.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return self
            except OSError:
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"redis-server did not start; see {self.base / 'redis.log'}")

    def flush(self) -> None:
        from redis import Redis

        with Redis.from_url(self.url) as client:
            client.flushall()

    def stop(self) -> None:
        try:
            if self.process and self.process.poll() is None:
                self.process.terminate()
                self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.base, ignore_errors=True)
