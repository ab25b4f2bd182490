"""What a young person's phone downloads on its first visit to their home page, and the static
files' sizes as sent raw, with gzip and with brotli.

Run: .venv/bin/python bench/first_visit.py
The page and every file it links (stylesheet, scripts, icon, manifest) are fetched through the
whole app (so WhiteNoise and the HTML compression take part) with a browser's Accept-Encoding;
the bytes counted are the response bodies as sent.
"""

import gzip
import re
import tempfile
from datetime import date
from html import unescape

import brotli
import flask_migrate
from benchapp import bench_app  # bench/benchapp.py, beside this file
from signin import sign_in

from youthhub.accounts.models import Role, RoleGrant, User
from youthhub.accounts.passwords import hash_password
from youthhub.config import PROJECT_ROOT
from youthhub.core.time import utcnow
from youthhub.extensions import db

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
LINKED = re.compile(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"')
STATIC_FILES = ("css/app.css", "js/app.js", "js/passkeys.js")


def seed_young_person() -> str:
    worker = User(
        email="worker@bench.example",
        preferred_name="Worker",
        password_hash=hash_password("bench password"),
        email_confirmed_at=utcnow(),
        role_grants=[RoleGrant(role=Role.YOUTH_WORKER)],
    )
    young = User(
        email="young@bench.example",
        preferred_name="Sam",
        password_hash=worker.password_hash,
        email_confirmed_at=utcnow(),
        date_of_birth=date(2006, 1, 1),
        key_worker=worker,
        role_grants=[RoleGrant(role=Role.YOUNG_PERSON)],
    )
    db.session.add_all([worker, young])
    db.session.commit()
    return young.email


def first_visit(client) -> list[tuple[str, int, str]]:
    page = client.get("/", headers=BROWSER)
    assert page.status_code == 200, page.status_code
    sent = [("/ (home)", len(page.data), page.headers.get("Content-Encoding", "-"))]
    html = page.data
    if page.headers.get("Content-Encoding") == "gzip":
        html = gzip.decompress(html)
    for url in dict.fromkeys(unescape(href) for href in LINKED.findall(html.decode())):
        answer = client.get(url, headers=BROWSER)
        assert answer.status_code == 200, (url, answer.status_code)
        sent.append((url, len(answer.data), answer.headers.get("Content-Encoding", "-")))
        answer.close()
    return sent


def static_sizes() -> None:
    print(f"\n{'static file':<20} {'raw':>8} {'gzip -9':>8} {'brotli':>8}")
    for name in STATIC_FILES:
        data = (PROJECT_ROOT / "static" / name).read_bytes()
        print(
            f"{name:<20} {len(data):>8,} {len(gzip.compress(data, 9, mtime=0)):>8,} "
            f"{len(brotli.compress(data)):>8,}"
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = bench_app(tmp, limits=False)
        with app.app_context():
            flask_migrate.upgrade()
            email = seed_young_person()
        client = app.test_client()
        sign_in(client, email)
        sent = first_visit(client)
    print(f"{'first visit: a young person home':<60} {'bytes':>8} encoding")
    for url, size, encoding in sent:
        print(f"{url[:60]:<60} {size:>8,} {encoding}")
    print(f"{'total':<60} {sum(size for _, size, _ in sent):>8,}")
    static_sizes()


if __name__ == "__main__":
    main()
