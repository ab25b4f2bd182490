"""What one request costs, page by page, at a region's scale: CPU per request and where it goes.

Run: .venv/bin/python bench/request_cost.py DATABASE [--runs 1000] [--pages WORDS ...] [--top 25]
DATABASE is one bench/scale.py already seeded: a SQLite file or a postgresql:// URL.

The app runs as production runs it (YOUTHHUB_ENV=production: CSRF, login limits, secure cookies,
security headers), in this one process, through Flask's test client; each person is signed in
the quick way (bench/signin.py), and like wrk it accepts no compression unless `--gzip`. For
each page it makes RUNS requests and prints the CPU milliseconds per request (this process's CPU
time, so other work on a shared machine moves it less than wall time), then RUNS requests again
under cProfile (timed by CPU, and several times slower): the Python function calls per request
(a count nothing else on the machine changes) and the profile's own time per request split by
package (SQLAlchemy, Jinja, Babel, WTForms, the session cookie's signing, ...). `--top N` prints
the N functions with the most cumulative time on the last page.

To compare two versions of the code, run this file with the other checkout first on the path
(`PYTHONPATH=/path/to/other .venv/bin/python bench/request_cost.py ...`) on the same database.
"""

import argparse
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import Counter

from load import pages as load_pages  # bench/load.py, beside this file
from scale import SECRET_KEY, database, seeded_accounts
from signin import sign_in

import youthhub
from youthhub import create_app
from youthhub.endings import keys as signing_key
from youthhub.endings import rsa_key

HOST = "localhost"
#: What wrk sends (bench/load.py): no Accept-Encoding, so pages go uncompressed; `--gzip` sends
#: a browser's, and pages are gzipped as a browser gets them.
HEADERS = {"User-Agent": "Mozilla/5.0 (bench)"}
BROWSER = {**HEADERS, "Accept-Encoding": "gzip, deflate, br"}
# Where a function's own time is counted: the first of these its file's path holds.
PACKAGES = [
    ("sqlalchemy", "/sqlalchemy/"),
    ("database driver", "sqlite3"),
    ("database driver", "psycopg"),
    ("jinja", "/jinja2/"),
    ("jinja", "<template>"),
    ("markupsafe", "/markupsafe/"),
    ("babel", "/babel/"),
    ("babel", "/flask_babel/"),
    ("wtforms", "/wtforms/"),
    ("flask-wtf (csrf)", "/flask_wtf/"),
    ("cookie signing", "/itsdangerous/"),
    ("flask-login", "/flask_login/"),
    ("flask-limiter", "/flask_limiter/"),
    ("flask-limiter", "/limits/"),
    ("werkzeug", "/werkzeug/"),
    ("flask", "/flask/"),
    ("youthhub", "/youthhub/"),
    ("hashing, gzip, json", "hmac"),
    ("hashing, gzip, json", "hashlib"),
    ("hashing, gzip, json", "gzip"),
    ("hashing, gzip, json", "zlib"),
    ("hashing, gzip, json", "json"),
    ("hashing, gzip, json", "secrets"),
]


def pages(accounts) -> list[tuple[str, str, str]]:
    """(who, name, path): bench/load.py's pages but the admin's reports, which bench/monitoring.py
    and bench/activity_table.py take apart (`--pages` still names them)."""
    return [page for page in load_pages(accounts) if page[0] != "admin"]


def production_app(uri: str, tmp: str):
    os.environ.update(
        {
            "YOUTHHUB_ENV": "production",
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": uri,
            "PUBLIC_BASE_URL": f"https://{HOST}",
            "MAIL_SERVER": "",
            "RATELIMIT_STORAGE_URI": "memory://",
            "WEB_CONCURRENCY": "1",
            "CREDENTIAL_SIGNING_KEY": signing_key.generate_private_pem(),
            "CREDENTIAL_RSA_KEY": rsa_key.generate_private_pem(),
        }
    )
    return create_app({"INSTANCE_PATH": tmp})


def package_of(filename: str) -> str:
    for name, marker in PACKAGES:
        if marker in filename:
            return name
    return "other"


def profile(client, path: str, runs: int, headers: dict) -> tuple[pstats.Stats, Counter]:
    profiler = cProfile.Profile(time.process_time)  # CPU, not the busy machine's wall
    profiler.enable()
    for _ in range(runs):
        client.get(path, headers=headers).close()
    profiler.disable()
    stats = pstats.Stats(profiler)
    own = Counter()
    for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        where = filename if filename != "~" else function  # built-ins: "<built-in method ...>"
        own[package_of(where)] += tottime * 1000 / runs
    return stats, own


def cpu_ms(client, path: str, runs: int, headers: dict) -> float:
    started = time.process_time()
    for _ in range(runs):
        answer = client.get(path, headers=headers)
        assert answer.status_code == 200, (path, answer.status_code)
        answer.close()
    return (time.process_time() - started) * 1000 / runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("database", help="a SQLite file or postgresql:// URL bench/scale.py seeded")
    parser.add_argument("--runs", type=int, default=1000)
    parser.add_argument("--pages", nargs="+", metavar="WORDS", help="only pages naming one")
    parser.add_argument("--gzip", action="store_true", help="accept gzip, as a browser does")
    parser.add_argument("--top", type=int, default=0, help="print the top N functions")
    options = parser.parse_args()
    headers = BROWSER if options.gzip else HEADERS
    with tempfile.TemporaryDirectory() as tmp, database(options.database, tmp) as uri:
        accounts = seeded_accounts(uri, tmp)
        app = production_app(uri, tmp)
        clients = {}
        print(f"code: {os.path.dirname(youthhub.__file__)}; {options.runs} requests a page")
        print(f"load average at the start {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        chosen = load_pages(accounts) if options.pages else pages(accounts)
        for who, name, path in chosen:
            if options.pages and not any(word in name for word in options.pages):
                continue
            if who not in clients:
                clients[who] = app.test_client()
                clients[who].environ_base["HTTP_HOST"] = HOST
                clients[who].environ_base["wsgi.url_scheme"] = "https"
                sign_in(clients[who], getattr(accounts, who))
            client = clients[who]
            cpu_ms(client, path, 20, headers)  # warm: templates compiled, statements cached
            cpu = cpu_ms(client, path, options.runs, headers)
            stats, own = profile(client, path, options.runs, headers)
            calls = stats.total_calls / options.runs
            split = ", ".join(f"{part} {ms:.2f}" for part, ms in own.most_common() if ms >= 0.05)
            print(f"{name:<36} CPU {cpu:6.2f} ms/request, {calls:7.0f} calls/request")
            print(f"{'':<36} profiled ms/request: {split}", flush=True)
        if options.top:
            stats.sort_stats("cumulative").print_stats(options.top)
        print(f"load average at the end {os.getloadavg()[0]:.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
