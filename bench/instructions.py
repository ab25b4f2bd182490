"""How many machine instructions one request of a page takes: a count that does not move with
the machine's speed, for changes too small for a clock to see here.

Run: .venv/bin/python bench/instructions.py DATABASE [--pages WORDS ...] [--requests 40]
     [--other CHECKOUT]
DATABASE is one bench/scale.py already seeded (a SQLite file or a postgresql:// URL); with
`--other`, another copy of the repo (e.g. `git worktree add /tmp/before main~1`) is counted
beside this one. Needs valgrind (Debian: `apt install valgrind`).

Each page is asked for in a process of its own under valgrind's callgrind, the app in
production mode and the person signed in (bench/signin.py), as bench/request_cost.py does:
callgrind counts nothing while the app starts and warms up (30 requests), then counts the
instructions of `--requests` requests, straight through WSGI. On PostgreSQL it counts this
process only, not the server's. The same code gives the same count to within 0.01 % from one
run to the next; CPU time on the shared 2-core machine this was made on moved by half within
minutes. An instruction is not a nanosecond (a memset's instructions are cheap, a cache miss
costs many): the count ranks changes to the Python a page runs, the clock (bench/load.py)
still judges the result.
"""

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WARM_UP = 30


def count(database: str, checkout: Path, page: str, requests: int) -> int:
    """Instructions per request of the page named `page`, with the code in `checkout`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        command = ["valgrind", "--tool=callgrind", "--instr-atstart=no"]
        command += [f"--callgrind-out-file={out}", sys.executable, __file__, "--child"]
        command += [database, "--pages", page, "--requests", str(requests)]
        env = {**os.environ, "PYTHONPATH": f"{checkout}{os.pathsep}{BENCH}", "PYTHONHASHSEED": "0"}
        subprocess.run(command, env=env, check=True, capture_output=True)  # noqa: S603
        return per_request(out.read_text(), requests)


def per_request(callgrind_out: str, requests: int) -> int:
    """Instructions per request from callgrind's output file: its `totals:` line (only the
    requests were counted)."""
    totals = [line for line in callgrind_out.splitlines() if line.startswith("totals:")]
    return int(totals[0].split()[1]) // requests


def child(database: str, page: str, requests: int) -> None:
    """Inside valgrind: sign in, warm up, and have callgrind count only the requests."""
    # The rate limiter's memory storage expires its counts from a timer thread that runs by the
    # clock, not by the request: under valgrind's slowness it would count for minutes.
    threading.Timer = _NoTimer
    from load import pages
    from request_cost import HEADERS, HOST, production_app
    from scale import database as opened
    from scale import seeded_accounts
    from signin import sign_in
    from werkzeug.test import EnvironBuilder

    with tempfile.TemporaryDirectory() as tmp, opened(database, tmp) as uri:
        accounts = seeded_accounts(uri, tmp)
        app = production_app(uri, tmp)
        who, _name, path = next(p for p in pages(accounts) if p[1] == page)
        client = app.test_client()
        client.environ_base.update({"HTTP_HOST": HOST, "wsgi.url_scheme": "https"})
        sign_in(client, getattr(accounts, who))
        cookie = "; ".join(f"{c.key}={c.value}" for c in client._cookies.values())
        headers = {**HEADERS, "Host": HOST, "Cookie": cookie}
        environ = EnvironBuilder(path=path, headers=headers, base_url=f"https://{HOST}")
        environ = environ.get_environ()

        def one() -> None:
            statuses = []
            body = app.wsgi_app({**environ, "wsgi.input": io.BytesIO()}, _status(statuses))
            b"".join(body)
            getattr(body, "close", lambda: None)()
            assert statuses[0].startswith("200"), (path, statuses)

        for _ in range(WARM_UP):
            one()
        _callgrind("on")
        for _ in range(requests):
            one()
        _callgrind("off")


def _status(statuses: list):
    return lambda status, headers, exc_info=None: statuses.append(status)


def _callgrind(state: str) -> None:
    control = ["callgrind_control", "--instr", state, str(os.getpid())]
    subprocess.run(control, check=True, capture_output=True)  # noqa: S603


class _NoTimer:
    def __init__(self, *args, **kwargs):
        pass

    def start(self) -> None:
        pass

    def is_alive(self) -> bool:
        return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", help="a SQLite file or postgresql:// URL bench/scale.py seeded")
    parser.add_argument("--pages", nargs="+", metavar="WORDS", default=["young person:"])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--other", type=Path, help="another checkout, counted beside this one")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(options.database, options.pages[0], options.requests)
        return
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is needed (Debian: apt install valgrind)")
    checkouts = [BENCH.parent] + ([options.other.resolve()] if options.other else [])
    names = _page_names(options.pages)
    print(f"instructions per request, {options.requests} requests; this checkout: {BENCH.parent}")
    with ThreadPoolExecutor(max_workers=2) as pool:  # one valgrind a core
        for name in names:
            asked = [(options.database, checkout, name, options.requests) for checkout in checkouts]
            counts = list(pool.map(lambda arguments: count(*arguments), asked))
            line = f"{name:38} {counts[0] / 1e6:8.2f} M"
            if len(counts) > 1:
                line += f"   other {counts[1] / 1e6:8.2f} M"
                line += f"   this/other {counts[0] / counts[1]:.3f}"
            print(line, flush=True)


def _page_names(words: list[str]) -> list[str]:
    """The full names of bench/load.py's pages naming one of `words` (without seeding: the
    names do not depend on the data)."""
    from load import pages

    class Anyone:
        def __getattr__(self, name):
            return 0

    return [name for _who, name, _path in pages(Anyone()) if any(w in name for w in words)]


if __name__ == "__main__":
    main()
