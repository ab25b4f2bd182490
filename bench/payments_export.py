"""Finance's payments CSV at N and 10 x N payments: its peak memory stays flat (issue 19).

Run: .venv/bin/python bench/payments_export.py [PEOPLE] [CLAIMS_EACH]   (default 500 people x
20 claims, so 2,500 payments, then 10 times as many; SQLite in a temp dir)
Seeds bench/payments.py's claims for 10 x PEOPLE (a quarter of them paid), downloads the export
of every payment as finance, then keeps one payment in ten and downloads it again, each time
reading the body to its end as a server would, and prints the payments, the bytes, the
milliseconds, the queries and the peak Python memory (tracemalloc) while the CSV was made and
read. Streamed, the peak is a few hundred rows' worth whatever the size; held whole, it grows
with the rows. To compare with another checkout: `PYTHONPATH=/tmp/main .venv/bin/python ...`.
"""

import gc
import os
import sys
import tempfile
import time
import tracemalloc

import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file
from payments import seed  # bench/payments.py, beside this file
from signin import sign_in
from sqlalchemy import delete, event, func, select

from youthhub.extensions import db
from youthhub.payments.models import Payment

URL = "/manage/finance/export"
EVERY_DAY = {"start": "2000-01-01", "end": "2099-12-31"}


def export(client) -> tuple[int, float, float, int]:
    """Bytes, milliseconds, peak MiB above the start and queries of one whole download."""
    statements = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", listener)
    gc.collect()
    tracemalloc.start()
    try:
        started = time.perf_counter()
        response = client.post(URL, data=EVERY_DAY, buffered=False)
        assert response.status_code == 200, response.status_code
        size = sum(len(chunk) for chunk in response.response)
        response.close()
        taken = (time.perf_counter() - started) * 1000
        return size, taken, tracemalloc.get_traced_memory()[1] / 2**20, len(statements)
    finally:
        tracemalloc.stop()
        event.remove(engine, "before_cursor_execute", listener)


def main() -> None:
    people = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    each = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        # Thousands of seeded people: a cheap password hash (no one signs in with it).
        app = bench_app(tmp, csrf=False, limits=False, ARGON2_TIME_COST=1, ARGON2_MEMORY_KIB=64)
        print(f"{'payments':>9} {'bytes':>10} {'ms':>8} {'queries':>8} {'peak MiB':>9}")
        with app.app_context():
            flask_migrate.upgrade()
            finance = seed(people * 10, each)["finance"].email
            client = app.test_client()
            sign_in(client, finance)
            export(client)  # warm: the first request compiles the page's queries
            for kept in (10, 1):
                if kept == 1:  # one payment in ten
                    db.session.execute(delete(Payment).where(Payment.id % 10 != 0))
                    db.session.commit()
                count = db.session.scalar(select(func.count(Payment.id)))
                size_bytes, taken, peak, queries = export(client)
                print(f"{count:>9} {size_bytes:>10} {taken:>8.0f} {queries:>8} {peak:>9.2f}")


if __name__ == "__main__":
    main()
