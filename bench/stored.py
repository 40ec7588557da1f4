"""Stored conversations must not slow a turn: the tracker store is filled with
10,000 and then 100,000 finished conversations and the REST p95 at 4 people
is compared with the same server on an empty store (target <= 1.1x).

Filling goes straight to the `events` table with SQL, never through Rasa: one
finished conversation of this run is read back and copied N times inside the
database (INSERT ... SELECT over a counter), each copy under its own sender id
and a week older. 100,000 conversations are millions of rows; SQLite does them
in about a minute, PostgreSQL in a few.

PostgreSQL: a database of its own on POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432, trust auth), dropped afterwards; skipped
with the reason when the server does not answer.
"""

from __future__ import annotations

import os
import sqlite3
import time
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any, List, Optional, Sequence, Tuple
from urllib.parse import urlsplit

STORE_SIZES = (10_000, 100_000)
STORED_PREFIX = "stored-"
WEEK_S = 7 * 24 * 3600
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")

_COLUMNS = "type_name, timestamp, intent_name, action_name, data"
Row = Tuple[Any, ...]


# --- SQLite ---------------------------------------------------------------


def sqlite_conversation(db: Path, sender: str) -> List[Row]:
    """The rows of one conversation, in order (without id and sender)."""
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute(
            f"SELECT {_COLUMNS} FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()


def sqlite_clear(db: Path) -> None:
    """Empties the tracker store (between phases, the server idle)."""
    with closing(sqlite3.connect(db)) as connection:
        connection.execute("DELETE FROM events")
        connection.commit()


def sqlite_fill(db: Path, template: Sequence[Row], first: int, last: int) -> float:
    """Adds copies `first`..`last` of the template conversation; seconds taken."""
    started = time.monotonic()
    with closing(sqlite3.connect(db, timeout=60)) as connection:
        connection.execute("PRAGMA synchronous = OFF")  # this connection only
        connection.execute(
            "CREATE TEMP TABLE template (position INTEGER PRIMARY KEY, type_name, "
            "timestamp, intent_name, action_name, data)"
        )
        connection.executemany(
            "INSERT INTO template VALUES (?, ?, ?, ?, ?, ?)",
            [(i, *row) for i, row in enumerate(template)],
        )
        # CROSS JOIN keeps SQLite's loop order: one conversation after another.
        connection.execute(
            f"INSERT INTO events (sender_id, {_COLUMNS}) "
            "WITH RECURSIVE copy(n) AS (SELECT ? UNION ALL SELECT n + 1 FROM copy WHERE n < ?) "
            "SELECT ? || n, t.type_name, t.timestamp - ?, t.intent_name, t.action_name, t.data "
            "FROM copy CROSS JOIN template AS t",
            (first, last, STORED_PREFIX, WEEK_S),
        )
        connection.commit()
    _flush(db)
    return time.monotonic() - started


def _flush(db: Path) -> None:
    """Writes the filled file to disk before the turns are timed: written with
    synchronous off, it would otherwise be flushed by the server's first commits
    (a store that grew over months has nothing pending)."""
    descriptor = os.open(db, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def sqlite_conversations(db: Path) -> int:
    with closing(sqlite3.connect(db)) as connection:
        return connection.execute("SELECT COUNT(DISTINCT sender_id) FROM events").fetchone()[0]


# --- PostgreSQL -------------------------------------------------------------


def _pg_connect(dbname: str):
    import psycopg2

    parts = urlsplit(POSTGRES_URL)
    return psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname=dbname,
        connect_timeout=5,
    )


def postgres_unavailable() -> Optional[str]:
    """Why PostgreSQL cannot be used, or None."""
    try:
        _pg_connect("postgres").close()
    except Exception as error:  # noqa: BLE001 - psycopg2 missing, server down, auth
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {str(error).strip()}"
    return None


def postgres_create_database() -> str:
    name = f"bench_tracker_{uuid.uuid4().hex[:8]}"
    with closing(_pg_connect("postgres")) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    return name


def postgres_drop_database(name: str) -> None:
    with closing(_pg_connect("postgres")) as connection:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def postgres_endpoint(name: str) -> dict:
    """The tracker_store section of endpoints.yml for this database."""
    parts = urlsplit(POSTGRES_URL)
    return {
        "type": "channels.tracker_store.ClinicSQLTrackerStore",
        "dialect": "postgresql",
        "url": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "db": name,
        "username": parts.username or "postgres",
        "password": parts.password or "",
    }


def postgres_fill(name: str, template: Sequence[Row], first: int, last: int) -> float:
    """As sqlite_fill, then VACUUM (ANALYZE) and CHECKPOINT; seconds taken."""
    started = time.monotonic()
    with closing(_pg_connect(name)) as connection:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE template (position integer, type_name varchar(255), "
                "timestamp double precision, intent_name varchar(255), "
                "action_name varchar(255), data text)"
            )
            cursor.executemany(
                "INSERT INTO template VALUES (%s, %s, %s, %s, %s, %s)",
                [(i, *row) for i, row in enumerate(template)],
            )
            cursor.execute(
                f"INSERT INTO events (sender_id, {_COLUMNS}) "
                "SELECT %s || n, t.type_name, t.timestamp - %s, t.intent_name, "
                "t.action_name, t.data FROM generate_series(%s, %s) AS n "
                "CROSS JOIN template AS t ORDER BY n, t.position",
                (STORED_PREFIX, WEEK_S, first, last),
            )
        connection.commit()
        connection.autocommit = True
        with connection.cursor() as cursor:
            # What autovacuum does to a table that grew over months; otherwise it
            # would start on the millions of new rows while the turns are timed.
            cursor.execute("VACUUM (ANALYZE) events")
            cursor.execute("CHECKPOINT")  # on disk before the turns are timed (see _flush)
    return time.monotonic() - started


def postgres_conversations(name: str) -> int:
    with closing(_pg_connect(name)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(DISTINCT sender_id) FROM events")
        return cursor.fetchone()[0]


def postgres_clear(name: str) -> None:
    with closing(_pg_connect(name)) as connection:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM events")
        connection.commit()
