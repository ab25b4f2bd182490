"""The two yardsticks bench/load.py measures YouthHub's pages against, served by the same
gunicorn settings: `baseline:hello`, a bare Flask "hello", and `baseline:rows`, a Flask + Jinja
page listing 20 rows it reads from SQLite on each request (BASELINE_DATABASE, made on import).
A page's throughput as a share of `rows` is the fair figure on a shared machine: both are
measured minutes apart under the same load."""

import os
import sqlite3
import tempfile
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


def _database() -> str:
    path = os.environ.get("BASELINE_DATABASE") or str(Path(tempfile.gettempdir()) / "rows.sqlite")
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS activities (id INTEGER PRIMARY KEY, title TEXT,"
            " starts_at TEXT, place TEXT)"
        )
        if not connection.execute("SELECT count(*) FROM activities").fetchone()[0]:
            connection.executemany(
                "INSERT INTO activities (title, starts_at, place) VALUES (?, ?, ?)",
                [(f"Session {n}", f"2026-12-{n + 1:02d} 18:00", "Youth centre") for n in range(40)],
            )
    return path


DATABASE = _database()


@rows.get("/")
def list_rows():
    connection = sqlite3.connect(DATABASE)
    connection.row_factory = sqlite3.Row
    try:
        found = connection.execute(
            "SELECT id, title, starts_at, place FROM activities ORDER BY starts_at LIMIT 20"
        ).fetchall()
    finally:
        connection.close()
    return render_template_string(PAGE, rows=found)
