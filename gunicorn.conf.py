"""How gunicorn serves YouthHub in production: `.venv/bin/gunicorn` in the project folder reads
this file by itself (or `gunicorn -c gunicorn.conf.py`). Any setting can still be overridden on
the command line or in GUNICORN_CMD_ARGS, e.g. `--bind 0.0.0.0:8000`.

Measured on 2 cores (issue 19): each worker loaded the app on its own (~155 MB each); loading it
once in the master and forking shares the code, the compiled templates and WeasyPrint's fonts.
"""

import ctypes
import ctypes.util
import gc
import os
import re

from gunicorn.glogging import Logger

wsgi_app = "wsgi:app"


def cores() -> int:
    """The cores this process may run on (a container's limit, not the whole machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worker_count() -> int:
    # A page is mostly Python turning rows into HTML: one worker per core keeps the cores busy,
    # and one more fills the gaps while a worker waits for the database.
    return int(os.environ.get("WEB_CONCURRENCY") or cores() + 1)


workers = worker_count()
# The app reads WEB_CONCURRENCY too: with several workers, production refuses login limits kept
# in each worker's memory (see REDIS_URL in the README).
os.environ["WEB_CONCURRENCY"] = str(workers)

# One request at a time a worker. A page is Python's work, and Python runs one thread of a
# process at a time (the GIL): measured on 2 cores at a region's scale (issue 19), against the
# same workers with 4 threads, one answered 1-21 % more requests a second on every page and
# its slowest 1 % sooner (a young person's home: p99 44 against 74 ms): threads only took
# turns, each request waiting for the others' slices.
# `sync`, not `gthread` with one thread: a gthread worker goes on accepting connections while
# its thread is busy and queues them behind the request under way, so on a burst one worker
# took them all while the other waited (measured, 2 workers, 10 connections, PostgreSQL at a
# region's scale: the finance queue at 39 req/s, p99 369 ms, one worker doing 95 % of the work;
# with sync workers, which accept only when free, 119 req/s, p99 106 ms, 50 % each). nginx
# buffers slow clients (see the README), which sync workers need, and opens a connection a
# request. A deployment whose requests wait long on Stripe may run more workers or
# `GUNICORN_CMD_ARGS=--threads 2` (gunicorn then uses gthread workers).
worker_class = "sync"
threads = 1
preload_app = True

# A sync worker is ended if one request takes longer than `timeout`: 60 s, as long as nginx
# waits for an answer by default (`proxy_read_timeout`), so only a request nobody is still
# waiting for is cut short (the longest, a five-year CSV, streams in seconds). A deploy's
# restart lets requests under way finish.
timeout = 60
graceful_timeout = 30
# Recycle a worker now and then, so a slow leak never grows for weeks. Only a safety net: the
# memory a worker keeps after a run of every page (issue 19) is measured without it
# (bench/load.py passes --max-requests 0), and kept small by the settings below.
max_requests = 5000
max_requests_jitter = 500


accesslog = "-"
# The path without its query string, and without the referrer: both can hold a token or a
# person's search. %(U)s is the path alone; the logger below also hides tokens inside paths.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'

#: Path parts that are secrets: sign-in, invite, reset, hand-over and download links, and a young
#: person's calendar address. Long runs of token characters, so a static file's name stays.
TOKEN = re.compile(r"(?<=/)[A-Za-z0-9_\-.~]{20,}(?=/|\.ics$|$)")


def redact(path: str) -> str:
    if path.startswith("/static/"):
        return path
    return TOKEN.sub("…", path)


class AccessLogger(Logger):
    """gunicorn's logger, with tokens taken out of the logged path."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = redact(atoms["U"])
        return atoms


logger_class = AccessLogger


# Memory (issue 19): measured with bench/load.py, a worker kept 184-199 MB (PSS) after a run of
# every page; with what follows (and core/heavy.py), 104-106 MB (see the README). ------------

#: glibc's malloc, where there is one (not on macOS or musl: then these steps are skipped).
LIBC = ctypes.util.find_library("c")
MALLOPT_ARENA_MAX, MALLOPT_MMAP_THRESHOLD = -8, -3
MMAP_THRESHOLD = 1024 * 1024
TRIM_AFTER_GROWTH = 1024 * 1024  # give memory back once a worker has grown by this much


def _glibc():
    try:
        libc = ctypes.CDLL(LIBC)
        return libc if hasattr(libc, "malloc_trim") else None
    except (OSError, TypeError):
        return None


glibc = _glibc()
if glibc is not None:
    # Each thread would otherwise get its own malloc arena (up to 8 per core), and memory freed
    # in one is never reused by another: two arenas are enough for a few threads.
    glibc.mallopt(MALLOPT_ARENA_MAX, 2)
    # A fixed threshold: blocks of 1 MB or more are mapped on their own and handed back when
    # freed. Left to itself glibc raises the threshold to the largest block freed so far, so a
    # login's 24 MB password hash (accounts/passwords.py) came from the heap and stayed there.
    glibc.mallopt(MALLOPT_MMAP_THRESHOLD, MMAP_THRESHOLD)


def pre_fork(server, worker):
    """The app is loaded once in the master (preload_app); freezing its objects keeps them out of
    the cyclic garbage collector, which would otherwise write to every object it visits and so
    copy each page the workers share with the master into each worker (copy on write)."""
    gc.collect()
    gc.freeze()


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def post_request(worker, req, environ, resp):
    """After a request that grew the worker (a report's rows, a PDF), hand the memory it freed
    back to the system: glibc keeps freed memory for reuse, and pieces of it stay in use, so the
    worker would keep each high-water mark. A cheap check first: most requests grow nothing."""
    if glibc is None or not os.path.exists("/proc/self/statm"):
        return
    resident = _resident_bytes()
    if resident - getattr(worker, "trimmed_at", 0) >= TRIM_AFTER_GROWTH:
        glibc.malloc_trim(0)
        worker.trimmed_at = _resident_bytes()


#: How many new objects Python lets live before it looks for garbage among them (its own default
#: is 700). A staff list keeps more than 700 objects alive while it is made (the register's 40
#: lines and their forms, finance's 50 claims), so the collector ran about once a request,
#: walking them all to free nothing: 0.23 ms a request on the register, 0.2 on finance's queue
#: at a region's scale (issue 19). At 2,000 it runs once in 20-25 of those pages, 0.02-0.03 ms.
YOUNG_OBJECTS = 2000


def post_fork(server, worker):
    """A worker must not share the master's database connections (preload_app): drop any
    the master opened, so each worker opens its own. And it collects garbage less often
    (`YOUNG_OBJECTS`)."""
    import sys

    gc.set_threshold(YOUNG_OBJECTS, *gc.get_threshold()[1:])

    wsgi = sys.modules.get("wsgi")
    if wsgi is not None:
        from youthhub.extensions import db

        with wsgi.app.app_context():
            db.engine.dispose(close=False)
