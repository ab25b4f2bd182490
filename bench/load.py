"""Measure YouthHub's pages under load at a region's scale, against two baselines (issue 19).

Run: .venv/bin/python bench/load.py [--databases sqlite postgresql] [--seconds 4] [--pairs 3]
Needs wrk (Debian: `apt-get install wrk`). For each database it seeds bench/scale.py's data
(PostgreSQL: a throwaway server, as the tests start), serves the app with gunicorn and the
repo's gunicorn.conf.py in production mode with 2 workers, and serves bench/baseline.py's bare
Flask "hello" and Flask + Jinja 20-row page with the same settings. It signs in one seeded person
per role through the real login form (and, for finance and the admin, the authenticator code),
visits each page once (keeping the cookie it sends, as a browser does), then runs wrk at 10
connections on each page with the login's User-Agent, each run between two runs on the 20-row
page, one just before it and one just after (on PostgreSQL also between two reading its 20 rows
from the same server), three such runs a page (`--pairs`), the page's runs interleaved with its
baselines' (each run, and each single request, once the app's workers have finished what the
run before left queued), and prints, of the run whose ratio is the middle one (the others'
ratios beside it), req/s, p50 and p99, the page's throughput as a share of the 20-row page's
(the mean of its runs on either side, so the machine's drift through the three runs cancels
out), the workers' CPU per request and the busier worker's share of it (a run where one worker
took all of wrk's connections is run again, twice at most), and the larger worker's memory
after each page (PSS, /proc/<pid>/smaps_rollup: a preloaded app's shared pages counted once),
and each worker's after the run.

The machine may be shared: the load average is printed, and the ratios, each measured seconds
from its baseline, are the fair comparison between runs on different days (on a busy machine
they vary too: run it more than once). Two more figures put a page's times against the same
yardstick, so they read the same on a slower or faster machine: its p99 as a multiple of the
20-row page's p99 around it (`p99 1.4x`), and one request on its own in 20-row pages (`one
= 95 rows`: how many 20-row pages the server answers in the time one request of this page
takes, its "one ms" times the 20-row page's req/s). Issue 19's targets, set on a machine where
the 20-row page ran at ~740 req/s with a p99 of 23 ms, read in these units as: a young person's
page p99 <= 50 ms is <= 2.2x, a staff list's <= 100 ms is <= 4.3x, a report for 12 months in
<= 300 ms is <= 222 rows, and for 5 years in <= 1 s is <= 740 rows.

Login limits: production refuses limits kept in each worker's memory with more than one
worker. With --redis URL they go to that Redis; without, the app is told it has one worker
(WEB_CONCURRENCY=1) while gunicorn runs two, which only loosens the login limits for the bench.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pyotp
import requests
from gunicorn.config import Config
from scale import (
    PASSWORD,
    SECRET_KEY,
    TOTP_SECRET,
    Accounts,
    database,
    seed_database,
    seeded_accounts,
)

from youthhub.config import PROJECT_ROOT
from youthhub.core.time import london_today
from youthhub.endings import keys as signing_key
from youthhub.endings import rsa_key

BENCH = Path(__file__).resolve().parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
HOST = "localhost"  # the host the app trusts (PUBLIC_BASE_URL); requests go to 127.0.0.1
# One browser's name on every request, the login's and wrk's alike: Flask-Login ties a session to
# the address and User-Agent it began with, and marks it no longer fresh (a new cookie on every
# answer) when they change, as a real browser's never does in between.
USER_AGENT = "Mozilla/5.0 (bench/load.py)"
WORKERS = 2
MAX_SECONDS = 30
ONE_WORKER_SHARE, ONE_WORKER_TRIES = 0.9, 3
# Newer gunicorn listens on a control socket at one path per user: bench servers keep off it.
NO_CONTROL_SOCKET = ["--no-control-socket"] if "control_socket_disable" in Config().settings else []


@dataclass
class Result:
    requests: int
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: str = ""
    cpu_ms: float = float("nan")  # the workers' CPU per request (cpu_seconds)
    # The busier worker's share of that CPU: when wrk's connections land unevenly on the
    # workers one core waits (all on one worker: about half the req/s). gunicorn.conf.py's
    # sync workers take a connection only when free; a worker class that accepts while busy
    # (gthread) showed it.
    busier: float = float("nan")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def served(app: str, env: dict, log: Path):
    """gunicorn with the repo's gunicorn.conf.py serving `app` on a free port: yields the
    address and the master's pid."""
    port = free_port()
    command = [str(GUNICORN), "-c", str(PROJECT_ROOT / "gunicorn.conf.py")]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), *NO_CONTROL_SOCKET]
    # No recycling: a worker's memory after the run is what the pages left, not a fresh fork's.
    command += ["--max-requests", "0", app]
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, our own arguments
            command,
            cwd=BENCH if app.startswith("baseline") else PROJECT_ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    address = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(address, server, log)
        yield address, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def _wait_until_up(address: str, server, log: Path) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log.read_text()[-3000:]}")
        try:
            requests.get(address + "/", headers={"Host": HOST}, timeout=5)
            return
        except requests.ConnectionError:
            time.sleep(0.5)
    raise RuntimeError(f"gunicorn did not answer in 3 minutes:\n{log.read_text()[-3000:]}")


# Signing in through the real login form ------------------------------------------------------

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """Just enough of a browser: keeps cookies itself (the app's are Secure, and this talks
    plain HTTP to gunicorn, as nginx would) and follows nothing on its own."""

    def __init__(self, address: str):
        self.address, self.cookies = address, {}

    def _send(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Host": HOST, "Cookie": self.cookie_header(), "User-Agent": USER_AGENT}
        answer = requests.request(
            method, self.address + path, headers=headers, allow_redirects=False, timeout=60,
            **kwargs,
        )  # fmt: skip
        self.cookies.update(answer.cookies.get_dict())
        return answer

    def visited(self, path: str) -> str:
        """The Cookie header after a visit to `path`."""
        answer = self._send("GET", path)
        assert answer.status_code == 200, f"{path} answered {answer.status_code}"
        return self.cookie_header()

    def cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def fill(self, path: str, fields: dict) -> requests.Response:
        form = self._send("GET", path)
        token = CSRF.search(form.text)
        assert token, f"no form on {path} ({form.status_code})"
        return self._send("POST", path, data={"csrf_token": token.group(1), **fields})


def sign_in(address: str, email: str, second_factor: bool) -> "Browser":
    """Log in as `email` through the login form; returns the browser, holding its cookies."""
    browser = Browser(address)
    answer = browser.fill("/login", {"email": email, "password": PASSWORD})
    assert answer.status_code == 302, f"{email}: login answered {answer.status_code}"
    if second_factor:
        code = pyotp.TOTP(TOTP_SECRET).now()
        answer = browser.fill("/login/second-step", {"code": code})
        assert answer.status_code == 302, f"{email}: second step answered {answer.status_code}"
    return browser


# The pages ----------------------------------------------------------------------------------


def pages(accounts: Accounts) -> list[tuple[str, str, str]]:
    """(who, page, path) for each page measured."""
    today = london_today()
    year_ago = today - timedelta(days=365)
    months = f"start={year_ago:%Y-%m}&end={today:%Y-%m}"
    days = f"start={year_ago}&end={today}"
    table = f"/manage/reports/activities/summary?{months}"
    register = f"/activities/{accounts.register_activity}/register"
    return [
        ("young_person", "young person: home", "/"),
        ("young_person", "young person: what's on", "/whats-on"),
        ("young_person", "young person: goals", "/goals/"),
        ("young_person", "young person: one goal area", f"/goals/areas/{accounts.goal_area}"),
        ("young_person", "young person: money", "/money"),
        ("worker", "worker: register (40 booked)", register),
        ("worker", "worker: claims queue (approved)", "/manage/claims?status=approved"),
        ("finance", "finance: payment queue", "/manage/finance"),
        ("admin", "admin: activity table, 12 months", table),
        ("admin", "admin: monitoring, 12 months", f"/manage/monitoring?{days}"),
    ]


#: How long the workers must stay all but idle before a run (`settle`).
SETTLE_SECONDS = 0.3


# wrk ----------------------------------------------------------------------------------------

LATENCY = re.compile(r"^\s+(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: int, connections: int, cookie: str = "") -> Result:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    command += ["-H", f"Host: {HOST}", "-H", f"User-Agent: {USER_AGENT}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    latency = {int(p): float(v) * UNITS[unit] for p, v, unit in LATENCY.findall(output)}
    done = int(re.search(r"(\d+) requests in", output).group(1))
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = " ".join(
        line.strip() for line in output.splitlines() if "Non-2xx" in line or "Socket errors" in line
    )
    nan = float("nan")
    return Result(done, rate, latency.get(50, nan), latency.get(99, nan), errors)


# Memory -------------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def cpu_seconds(master: int) -> dict[int, float]:
    """CPU each of the master's workers has used so far (user + system): over a run, divided by
    the requests done, a page's cost that other work on a shared machine moves less than req/s;
    and how the run's work fell between the workers."""
    used = {}
    for pid in children(master):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return used


def settle(master: int, most_seconds: float = 30) -> None:
    """Wait until the server's workers are idle. When wrk stops, the requests it had sent are
    still queued at the workers, which go on answering them (a slow page's ten: seconds of
    work): the next run would share the cores with them."""
    deadline = time.monotonic() + most_seconds
    used = sum(cpu_seconds(master).values())
    while time.monotonic() < deadline:
        time.sleep(SETTLE_SECONDS)
        now = sum(cpu_seconds(master).values())
        if now - used < SETTLE_SECONDS / 20:  # under 5 % of a core
            return
        used = now


def pss_mb(pid: int) -> float:
    """Proportional set size: shared pages (a preloaded app's) counted once across processes."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# One database -------------------------------------------------------------------------------


@dataclass
class Pair:
    """A page's run and the baselines' runs on either side of it."""

    before: dict[str, Result]
    result: Result
    after: dict[str, Result]

    def _around(self, label: str | None) -> tuple[Result, Result]:
        # By default the last baseline (on PostgreSQL, the one reading from the page's server).
        label = label or list(self.before)[-1]
        return self.before[label], self.after[label]

    def baseline_rate(self, label: str | None = None) -> float:
        """A baseline's req/s around the page's run: the mean of its runs just before and just
        after, so a machine speeding up or slowing down through the three runs cancels out."""
        before, after = self._around(label)
        return (before.requests_per_second + after.requests_per_second) / 2

    def baseline_p99_ms(self) -> float:
        """The last baseline's p99 around the page's run (the mean of the two runs')."""
        before, after = self._around(None)
        return (before.p99_ms + after.p99_ms) / 2

    def ratio(self, label: str | None = None) -> float:
        """The page's req/s over the baseline's around it (`baseline_rate`)."""
        return self.result.requests_per_second / self.baseline_rate(label)


def middle_pair(pairs: list[Pair]) -> Pair:
    """The pair whose ratio is the middle one; `pairs` are left sorted by ratio. The machine's
    speed drifts from second to second: each pair's ratio is taken seconds apart, and the middle
    one is neither the luckiest run nor the unluckiest."""
    pairs.sort(key=Pair.ratio)
    return pairs[len(pairs) // 2]


def _shown(ratio: float) -> str:
    return f"{ratio:.2f}" if ratio >= 0.1 else f"{ratio:.3f}"


def _row(
    name: str,
    result: Result,
    ratio: float | None = None,
    single: str = "",
    memory: float = 0,
    also: str = "",
) -> str:
    shown = _shown(ratio) if ratio is not None else "—"
    # With no request done in the run, wrk's latencies are zeros, not times.
    p50, p99 = (f"{result.p50_ms:.1f}", f"{result.p99_ms:.1f}") if result.requests else ("—", "—")
    return (
        f"{name:<36} {single:>7} {result.requests:>6} {result.requests_per_second:>8.1f} "
        f"{p50:>8} {p99:>8} {shown:>6} {result.cpu_ms:>6.2f} {result.busier:>6.0%} "
        f"{f'{memory:.0f}' if memory else '':>7}  {also} {result.errors}"
    ).rstrip()


def one_request_ms(url: str, cookie: str, times: int = 3) -> float:
    """The median time of a few requests made one after another (the page alone, no queue)."""
    taken = []
    for _ in range(times):
        started = time.perf_counter()
        answer = requests.get(
            url,
            headers={"Host": HOST, "Cookie": cookie, "User-Agent": USER_AGENT},
            timeout=60,
            allow_redirects=False,
        )
        taken.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, f"{url} answered {answer.status_code}"
    return sorted(taken)[len(taken) // 2]


def app_env(uri: str, tmp: str, redis: str | None) -> dict:
    env = {
        "YOUTHHUB_ENV": "production",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": uri,
        "PUBLIC_BASE_URL": f"https://{HOST}",
        "MAIL_SERVER": "",
        "CREDENTIAL_SIGNING_KEY": signing_key.generate_private_pem(),
        "CREDENTIAL_RSA_KEY": rsa_key.generate_private_pem(),
    }
    if redis:
        env |= {"RATELIMIT_STORAGE_URI": redis, "WEB_CONCURRENCY": str(WORKERS)}
    else:
        env |= {"RATELIMIT_STORAGE_URI": "memory://", "WEB_CONCURRENCY": "1"}
    return env


def measure(label: str, uri: str, tmp: str, options) -> None:
    if options.seeded:
        accounts = seeded_accounts(uri, tmp)
        print(f"\n{label}: bench/scale.py's data, seeded before", flush=True)
    else:
        accounts, seconds = seed_database(uri, tmp)
        print(f"\n{label}: seeded bench/scale.py's data in {seconds:.0f} s", flush=True)
    logs = Path(tmp)
    baseline_env = {"BASELINE_DATABASE": str(logs / "rows.sqlite"), "WEB_CONCURRENCY": "1"}
    with ExitStack() as stack:
        hello = stack.enter_context(served("baseline:hello", baseline_env, logs / "hello.log"))
        baselines = {"20 rows": stack.enter_context(
            served("baseline:rows", baseline_env, logs / "rows.log")
        )}  # fmt: skip
        if uri.startswith("postgresql"):
            # The fair yardstick for a page on PostgreSQL reads its rows from the same server.
            stack.callback(_drop_baseline_table, uri)
            baselines["20 rows, PostgreSQL"] = stack.enter_context(served(
                "baseline:rows",
                baseline_env | {"BASELINE_DATABASE_URL": _libpq_url(uri)},
                logs / "rows_postgresql.log",
            ))  # fmt: skip
        app = stack.enter_context(
            served("wsgi:app", app_env(uri, tmp, options.redis), logs / "app.log")
        )
        address = app[0]
        cookies = {
            "young_person": sign_in(address, accounts.young_person, second_factor=False),
            "worker": sign_in(address, accounts.worker, second_factor=False),
            "finance": sign_in(address, accounts.finance, second_factor=True),
            "admin": sign_in(address, accounts.admin, second_factor=True),
        }
        print(f"load average at the start {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        run_pages(accounts, cookies, app, hello, baselines, options)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
        print_memory(app[1])


def _libpq_url(uri: str) -> str:
    return uri.replace("postgresql+psycopg://", "postgresql://", 1)


def _drop_baseline_table(uri: str) -> None:
    import psycopg

    with psycopg.connect(_libpq_url(uri), autocommit=True) as connection:
        connection.execute("DROP SCHEMA IF EXISTS bench_baseline CASCADE")  # baseline.py's


def run_pages(accounts, cookies, app, hello, baselines, options) -> None:
    """`app`, `hello` and each of `baselines`: a server's (address, master's pid). Each page's
    ratio is to the last baseline's runs on either side of it (on PostgreSQL, the 20 rows read
    from the same server), the middle of `options.pairs` such runs; with two baselines, `vs
    first` is the ratio to the first (SQLite's) around that run."""

    def run(server, path: str, cookie: str = "", seconds: float = options.seconds) -> Result:
        # wrk opens its connections at once and keeps them: now and then one worker takes them
        # all and the other core waits (about half the req/s). Such a run measures one worker,
        # not the machine: it is run again (twice at most), and the table says so.
        result, tries = _measured(server, path, cookie, seconds), 1
        while result.busier > ONE_WORKER_SHARE and tries < ONE_WORKER_TRIES:
            result, tries = _measured(server, path, cookie, seconds), tries + 1
        if tries > 1:
            result.errors = f"(run {tries}: one worker took all before) {result.errors}"
        return result

    def _measured(server, path: str, cookie: str, seconds: float) -> Result:
        settle(app[1])
        (address, master), before = server, cpu_seconds(server[1])
        result = wrk(address + path, round(seconds), options.connections, cookie)
        after = cpu_seconds(master)
        used = [after[pid] - before.get(pid, 0) for pid in after]
        if result.requests and sum(used):
            result.cpu_ms = sum(used) * 1000 / result.requests
            result.busier = max(used) / sum(used)
        return result

    def baseline_runs() -> dict[str, Result]:
        return {label: run(server, "/") for label, server in baselines.items()}

    header = f"{'page':<36} {'one ms':>7} {'done':>6} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}"
    print(f"{header} {'ratio':>6} {'CPU ms':>6} {'busier':>6} {'PSS MB':>7}")
    print("(ratio: req/s over the 20-row page's around it; CPU: the workers' CPU per request;")
    print(" busier: the busier worker's share of it; PSS: the larger worker's memory after it)")
    print(_row("baseline: hello", run(hello, "/")), flush=True)
    for who, name, path in pages(accounts):
        if options.pages and not any(part in name for part in options.pages):
            continue
        # As a browser would, keep the cookie the page sends: a page with a form adds its CSRF
        # token to the session, and wrk repeating an older cookie would have every request make
        # a new token and sign a new session cookie (~40 % of a staff list's CPU).
        cookie = cookies[who].visited(path)
        settle(app[1])
        single = one_request_ms(app[0] + path, cookie)
        # A slow page gets long enough for its 10 connections to finish a round or two.
        seconds = min(MAX_SECONDS, max(options.seconds, 10 * single / 1000))
        # Baselines, page, baselines, page, ...: each page run between two sets of baseline
        # runs, each set both the one after a run and the one before the next.
        pairs, before = [], baseline_runs()
        for _ in range(options.pairs):
            result = run(app, path, cookie, seconds)
            after = baseline_runs()
            pairs.append(Pair(before, result, after))
            before = after
        middle = middle_pair(pairs)
        for label, baseline in middle.before.items():
            print(_row(f"baseline: {label}", baseline))
        first, *_ = middle.before
        also = f"p99 {middle.result.p99_ms / middle.baseline_p99_ms():.1f}x"
        also += f" one = {single * middle.baseline_rate() / 1000:.0f} rows"
        if len(baselines) > 1:
            also += f" vs first {_shown(middle.ratio(first))}"
        if len(pairs) > 1:
            also += f" (pairs: {' '.join(_shown(pair.ratio()) for pair in pairs)})"
        memory = max(pss_mb(pid) for pid in children(app[1]))
        print(_row(name, middle.result, middle.ratio(), f"{single:.0f}", memory, also), flush=True)
        for label, baseline in middle.after.items():
            print(_row(f"baseline: {label}, after", baseline))
    print(_row("baseline: hello", run(hello, "/")))


def print_memory(master: int) -> None:
    workers = children(master)
    memory = ", ".join(f"{pss_mb(pid):.0f}" for pid in workers)
    print(f"memory after the run (PSS, MB): workers {memory}; master {pss_mb(master):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Serve YouthHub with gunicorn at a region's scale and measure its pages "
        "against a bare Flask page and a 20-row Flask + Jinja page (see the module's doc)."
    )
    parser.add_argument(
        "--databases", nargs="+", default=["sqlite", "postgresql"], metavar="DATABASE",
        help="sqlite, postgresql (a throwaway server) or postgresql:// URLs of empty databases",
    )  # fmt: skip
    parser.add_argument("--seconds", type=int, default=4, help="each wrk run (default 4)")
    parser.add_argument(
        "--pairs", type=int, default=3,
        help="runs of each page, each between runs of its baselines (default 3; the middle one "
        "is shown)",
    )  # fmt: skip
    parser.add_argument("--connections", type=int, default=10, help="wrk's (default 10)")
    parser.add_argument(
        "--seeded", action="store_true",
        help="the databases are already seeded by bench/scale.py (a SQLite file or URL): "
        "measure them as they are",
    )  # fmt: skip
    parser.add_argument(
        "--pages", nargs="+", metavar="WORDS",
        help="only the pages whose name holds one of these, e.g. 'finance' 'money'",
    )  # fmt: skip
    parser.add_argument("--redis", help="RATELIMIT_STORAGE_URI, e.g. redis://localhost:6379/0")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/load.py needs wrk: apt-get install wrk")
    for target in options.databases:
        label = "PostgreSQL" if target.startswith("postgresql") else "SQLite"
        with tempfile.TemporaryDirectory() as tmp, database(target, tmp) as uri:
            measure(label, uri, tmp, options)


if __name__ == "__main__":
    main()
