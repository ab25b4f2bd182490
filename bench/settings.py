"""Two ways of serving YouthHub compared side by side: gunicorn settings, not code.

Run: .venv/bin/python bench/settings.py DATABASE --a "--threads 1" --b "--threads 4"
     [--pages WORDS ...] [--rounds 8] [--seconds 3]
DATABASE is one bench/scale.py already seeded (a SQLite file or a postgresql:// URL).

Both servers run at once, as bench/load.py serves the app (production, the repo's
gunicorn.conf.py, 2 workers), each with its own GUNICORN_CMD_ARGS. For each page one person is
signed in on each server, then wrk runs at 10 connections on one server and then the other,
`--rounds` times (the order swapped every round), and the medians are printed: req/s, p50 and
p99 of each, and the median of the rounds' req/s ratios (a over b). Runs seconds apart see the
same machine, so on one whose speed drifts by half within minutes this tells a 10 % difference
that two bench/load.py runs, minutes apart, could not (issue 19: one thread a worker against 4).
"""

import argparse
import statistics
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from load import Result, app_env, pages, served, sign_in, wrk
from scale import seeded_accounts

CONNECTIONS = 10
ONE_CODE_A_WINDOW = 31  # an authenticator code is taken once: the second sign-in waits for the next


@dataclass
class Compared:
    a: list[Result]
    b: list[Result]

    @staticmethod
    def _median(results: list[Result], figure: str) -> float:
        return statistics.median(getattr(result, figure) for result in results)

    def ratio(self) -> float:
        """The median of the rounds' req/s ratios, each round's two runs seconds apart."""
        return statistics.median(
            a.requests_per_second / b.requests_per_second
            for a, b in zip(self.a, self.b, strict=True)
        )

    def line(self, name: str, a_args: str, b_args: str) -> str:
        def side(label: str, args: str, results: list[Result]) -> str:
            return (
                f"{label} [{args}] {self._median(results, 'requests_per_second'):7.1f} req/s,"
                f" p50 {self._median(results, 'p50_ms'):5.1f}, p99"
                f" {self._median(results, 'p99_ms'):6.1f} ms"
            )

        return (
            f"{name:32} {side('a', a_args, self.a)} | {side('b', b_args, self.b)}"
            f" | a/b {self.ratio():.2f}"
        )


def compare(page, servers: dict, accounts, options) -> Compared:
    who, _name, path = page
    cookies = {}
    for number, (label, (address, _pid)) in enumerate(servers.items()):
        second_factor = who in ("finance", "admin")
        if number and second_factor:
            time.sleep(ONE_CODE_A_WINDOW)
        cookies[label] = sign_in(address, getattr(accounts, who), second_factor).visited(path)
        wrk(address + path, 1, CONNECTIONS, cookies[label])  # warm
    results = {"a": [], "b": []}
    for round_number in range(options.rounds):
        order = ("a", "b") if round_number % 2 == 0 else ("b", "a")
        for label in order:
            address = servers[label][0]
            results[label].append(wrk(address + path, options.seconds, CONNECTIONS, cookies[label]))
    return Compared(results["a"], results["b"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", help="a SQLite file or postgresql:// URL bench/scale.py seeded")
    parser.add_argument("--a", required=True, help="GUNICORN_CMD_ARGS of the first server")
    parser.add_argument("--b", required=True, help="GUNICORN_CMD_ARGS of the second server")
    parser.add_argument("--pages", nargs="+", metavar="WORDS", help="pages whose name holds one")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=3)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        accounts = seeded_accounts(options.database, tmp)
        servers = {}
        for label, args in (("a", options.a), ("b", options.b)):
            env = app_env(options.database, tmp, None) | {"GUNICORN_CMD_ARGS": args}
            log = Path(tmp) / f"{label}.log"
            servers[label] = stack.enter_context(served("wsgi:app", env, log))
        print(f"{options.rounds} rounds of {options.seconds} s on each server", flush=True)
        for page in pages(accounts):
            if options.pages and not any(word in page[1] for word in options.pages):
                continue
            compared = compare(page, servers, accounts, options)
            print(compared.line(page[1], options.a, options.b), flush=True)


if __name__ == "__main__":
    main()
