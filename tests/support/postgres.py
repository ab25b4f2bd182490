"""A throwaway PostgreSQL server for the test run, started with the machine's initdb/pg_ctl.

PostgreSQL refuses to run as root, so under root the server runs as an unprivileged user.
"""

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import exists, literal, select, union_all


def _pg_bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if not found:
        raise RuntimeError(
            f"{name} not found: install PostgreSQL (Debian: apt-get install postgresql)"
        )
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_user() -> str | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    raise RuntimeError("running as root and no unprivileged user to run PostgreSQL as")


def _in_memory_if_room() -> str | None:
    """/dev/shm (memory) when the machine has one with room, else the usual temporary folder.

    The throwaway server's files need no disk: on one, creating and deleting them (initdb, the
    data folder removed at the end) waited seconds on this machine's busy disk."""
    shm = Path("/dev/shm")
    try:
        room = shutil.disk_usage(shm).free if shm.is_dir() and os.access(shm, os.W_OK) else 0
    except OSError:
        room = 0
    return str(shm) if room >= 2 * 1024**3 else None


class PostgresServer:
    def __init__(self):
        self.user = _server_user()
        self.base = Path(tempfile.mkdtemp(prefix="youthhub-pg-", dir=_in_memory_if_room()))
        self.data = self.base / "data"
        self.port = _free_port()
        if self.user:
            entry = pwd.getpwnam(self.user)
            os.chown(self.base, entry.pw_uid, entry.pw_gid)
            self.base.chmod(0o755)

    def _run(self, *args: str) -> None:
        subprocess.run(
            args,
            check=True,
            user=self.user,
            cwd=self.base,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def start(self) -> "PostgresServer":
        self._run(
            _pg_bin("initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            # Nothing to make safe on disk for a server thrown away after the run.
            "--no-sync",
        )
        options = (
            f"-p {self.port} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200 "
            # Old WAL recycled at 256 MB rather than 1 GB: in memory (/dev/shm) it would be kept.
            "-c max_wal_size=256MB "
            # The planner's idea of a table's size must not change behind a test's back (the
            # plan tests in tests/support/plans.py): no background ANALYZE.
            "-c autovacuum=off"
        )
        self._run(
            _pg_bin("pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.base / "server.log"),
            "-w",
            "start",
        )
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(_pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)


def empty_postgresql_tables(connection, tables) -> None:
    """Delete every row of `tables` (children before parents) after a committing test, and start
    their ids at 1 again, as `TRUNCATE … RESTART IDENTITY` did.

    TRUNCATE gives every table and index new files and deletes the old ones: 50 tables took
    0.25-0.5 s a test here, nearly all of it waiting on the disk, even with no rows to remove.
    Only the few tables a test wrote to hold rows, and deleting them is a few milliseconds.
    """
    quote = connection.dialect.identifier_preparer.format_table
    names = ", ".join(quote(table) for table in tables)
    # Waits, as TRUNCATE did, for a transaction still running elsewhere (a request the browser
    # left behind on the live server) to end, so what it commits is deleted too, not left over.
    connection.exec_driver_sql(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE")
    # Neither the audit log's refusal to delete (a trigger) nor foreign keys' checks, row by row,
    # for rows all being deleted anyway: the server's superuser turns triggers off for this
    # transaction only.
    connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    # Which tables hold rows, in one round trip.
    holding_rows = union_all(
        *(
            select(literal(index)).where(exists().select_from(table))
            for index, table in enumerate(tables)
        )
    )
    for index in sorted(connection.execute(holding_rows).scalars()):
        connection.execute(tables[index].delete())
    # A sequence that has given out a number (rolled-back tests take them too) starts again.
    connection.exec_driver_sql(
        "SELECT setval(quote_ident(schemaname) || '.' || quote_ident(sequencename), 1, false) "
        "FROM pg_sequences WHERE last_value IS NOT NULL"
    )
