"""Two versions of the code, one page, compared fairly on a machine whose speed drifts.

Run: .venv/bin/python bench/versus.py DATABASE OTHER_CHECKOUT [--pages WORDS ...] [--rounds 20]
     [--batch 100]
DATABASE is one bench/scale.py already seeded (a SQLite file or a postgresql:// URL);
OTHER_CHECKOUT is another copy of the repo (e.g. `git worktree add /tmp/before main~1`).

Two processes, one running this checkout's code and one the other's, each with the app in
production mode and a person signed in (bench/signin.py), make a batch of requests to the page
in turn, `--rounds` times (the order swapped every round), and the medians are printed: wall
milliseconds, this process's CPU milliseconds and the database server's (PostgreSQL: the CPU of
every `postgres` process on this machine) per request, and the median of the rounds' CPU ratios.
On the shared 2-core machine the same page's CPU per request moved by half within minutes, so
one version timed after the other tells little; batches a second apart see the same machine.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
HERE = BENCH.parent


def postgres_cpu_seconds() -> float:
    """The CPU all `postgres` processes on this machine have used so far (0 without any)."""
    used = 0
    for process in Path("/proc").iterdir():
        if not process.name.isdigit():
            continue
        try:
            if (process / "comm").read_text().startswith("postgres"):
                fields = (process / "stat").read_text().rsplit(")", 1)[1].split()
                used += int(fields[11]) + int(fields[12])
        except OSError:  # it ended while being read
            continue
    return used / os.sysconf("SC_CLK_TCK")


def serve_batches(database: str, word: str) -> None:
    """The child's side: sign in, warm up, then for each number N read on stdin make N requests
    and print wall, CPU and database CPU milliseconds per request."""
    from request_cost import HEADERS, HOST, production_app  # bench/, beside this file
    from request_cost import pages as measured_pages
    from scale import seeded_accounts
    from signin import sign_in

    with tempfile.TemporaryDirectory() as tmp:
        accounts = seeded_accounts(database, tmp)
        app = production_app(database, tmp)
        who, _name, path = next(page for page in measured_pages(accounts) if word in page[1])
        client = app.test_client()
        client.environ_base.update({"HTTP_HOST": HOST, "wsgi.url_scheme": "https"})
        sign_in(client, getattr(accounts, who))
        for _ in range(30):  # templates compiled, statements prepared
            client.get(path, headers=HEADERS).close()
        print("ready", flush=True)
        for line in sys.stdin:
            runs = int(line)
            wall, cpu, server = time.perf_counter(), time.process_time(), postgres_cpu_seconds()
            for _ in range(runs):
                answer = client.get(path, headers=HEADERS)
                assert answer.status_code == 200, (path, answer.status_code)
                answer.close()
            spent = (
                time.perf_counter() - wall,
                time.process_time() - cpu,
                postgres_cpu_seconds() - server,
            )
            print(" ".join(f"{seconds * 1000 / runs:.4f}" for seconds in spent), flush=True)


def start(checkout: Path, database: str, word: str) -> subprocess.Popen:
    # The other checkout's code first on the path (the child asserts it got it).
    env = {**os.environ, "PYTHONPATH": str(checkout), "VERSUS_CHECKOUT": str(checkout)}
    child = subprocess.Popen(  # noqa: S603 - this script, our own arguments
        [sys.executable, __file__, "--serve", database, word],
        cwd=BENCH,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    for line in child.stdout:
        if line.strip() == "ready":
            return child
    raise RuntimeError(f"the app from {checkout} did not start (run it with --serve to see why)")


def compare(database: str, other: Path, word: str, rounds: int, batch: int) -> None:
    versions = {"this": HERE, "other": other}
    children = {name: start(checkout, database, word) for name, checkout in versions.items()}
    taken: dict[str, list[list[float]]] = {name: [] for name in versions}
    try:
        for round_number in range(rounds):
            order = list(versions) if round_number % 2 == 0 else list(reversed(versions))
            for name in order:
                children[name].stdin.write(f"{batch}\n")
                children[name].stdin.flush()
                taken[name].append([float(x) for x in children[name].stdout.readline().split()])
    finally:
        for child in children.values():
            child.stdin.close()
            child.wait()
    for name in versions:
        wall, cpu, server = (statistics.median(column) for column in zip(*taken[name], strict=True))
        print(f"{word:<14} {name:<6} wall {wall:6.2f}  CPU {cpu:6.2f}  database {server:5.2f} ms")
    pairs = zip(taken["this"], taken["other"], strict=True)
    ratios = [mine[1] / theirs[1] for mine, theirs in pairs]
    print(f"{word:<14} CPU this/other, median of {rounds} rounds: {statistics.median(ratios):.3f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve":
        import youthhub

        wanted = os.environ["VERSUS_CHECKOUT"]
        assert youthhub.__file__.startswith(wanted), f"{youthhub.__file__} is not from {wanted}"
        serve_batches(sys.argv[2], sys.argv[3])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", help="a SQLite file or postgresql:// URL bench/scale.py seeded")
    parser.add_argument("other", type=Path, help="another checkout of the repo")
    parser.add_argument("--pages", nargs="+", default=["home"], metavar="WORDS")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--batch", type=int, default=100, help="requests a batch")
    options = parser.parse_args()
    for word in options.pages:
        compare(options.database, options.other.resolve(), word, options.rounds, options.batch)


if __name__ == "__main__":
    main()
