"""The yardsticks bench/load.py measures YouthHub's pages against, served by the same gunicorn
settings: `baseline:hello`, a bare Flask "hello", and `baseline:rows`, a Flask + Jinja page listing
20 rows it reads on each request from SQLite (BASELINE_DATABASE, made on import) or, when
BASELINE_DATABASE_URL names one, from PostgreSQL (a connection kept per thread, as a pool keeps
one, and the table made on import). A page's throughput as a share of `rows` is the fair figure on
a shared machine: both are measured seconds apart under the same load; on PostgreSQL the 20 rows
come from the same server as the page's, whose CPU shares the machine's cores with both."""

import os
import sqlite3
import tempfile
import threading
from pathlib import Path

from flask import Flask, render_template_string

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Activities</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><main><h1>Activities</h1><ul>
{% for row in rows %}<li><a href="/activities/{{ row.id }}">{{ row.title }}</a>
<span>{{ row.starts_at }}</span> <span>{{ row.place }}</span></li>
{% endfor %}</ul></main></body></html>"""

hello = Flask("hello")
rows = Flask("rows")


@hello.get("/")
def say_hello():
    return "hello"


SESSIONS = [(f"Session {n}", f"2026-12-{n + 1:02d} 18:00", "Youth centre") for n in range(40)]


def _database() -> str:
    path = os.environ.get("BASELINE_DATABASE") or str(Path(tempfile.gettempdir()) / "rows.sqlite")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS activities (id INTEGER PRIMARY KEY, title TEXT,"
            " starts_at TEXT, place TEXT)"
        )
        if not connection.execute("SELECT count(*) FROM activities").fetchone()[0]:
            connection.executemany(
                "INSERT INTO activities (title, starts_at, place) VALUES (?, ?, ?)", SESSIONS
            )
    return path


SELECT = "SELECT id, title, starts_at, place FROM activities ORDER BY starts_at LIMIT 20"
POSTGRESQL = os.environ.get("BASELINE_DATABASE_URL", "")
# On PostgreSQL the table is in the app's own database, in a schema of its own.
SCHEMA = "bench_baseline"
kept = threading.local()


def _postgresql():
    import psycopg
    from psycopg.rows import dict_row

    connection = getattr(kept, "connection", None)
    if connection is None or connection.closed:
        connection = kept.connection = psycopg.connect(
            POSTGRESQL, autocommit=True, options=f"-c search_path={SCHEMA}"
        )
        connection.row_factory = dict_row
    return connection


def _postgresql_table() -> None:
    connection = _postgresql()
    connection.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    connection.execute(
        "CREATE TABLE IF NOT EXISTS activities (id serial PRIMARY KEY, title text, starts_at text,"
        " place text)"
    )
    if not connection.execute("SELECT count(*) AS n FROM activities").fetchone()["n"]:
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO activities (title, starts_at, place) VALUES (%s, %s, %s)", SESSIONS
            )
    connection.close()  # made in the master: each worker (and thread) opens its own


if POSTGRESQL:
    _postgresql_table()
DATABASE = _database()


@rows.get("/")
def list_rows():
    if POSTGRESQL:
        found = _postgresql().execute(SELECT).fetchall()
        return render_template_string(PAGE, rows=found)
    connection = sqlite3.connect(DATABASE)
    connection.row_factory = sqlite3.Row
    try:
        found = connection.execute(SELECT).fetchall()
    finally:
        connection.close()
    return render_template_string(PAGE, rows=found)
