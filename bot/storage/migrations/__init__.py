"""Alembic migrations: the one source of the clinic's schema.

Configured in code, so no alembic.ini is needed::

    from bot.storage.migrations import upgrade, downgrade, current_revision
    upgrade(engine)              # alembic upgrade head
    downgrade(engine, "base")    # alembic downgrade base

`ensure_schema(engine)` is what the stores call on first use: a cheap look at
`alembic_version` when the database is already current, otherwise an upgrade
under a lock (PostgreSQL advisory lock, SQLite `BEGIN IMMEDIATE`), so several
processes starting at once migrate exactly once; within one process a lock
serialises them too (Alembic keeps its running context in module globals). \
Each upgrade or downgrade is
one transaction on both backends: a failing migration leaves nothing behind.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent
# Any constant: the key of the PostgreSQL advisory lock held while migrating.
ADVISORY_LOCK_KEY = 7_305_118_240
# Alembic's `context` and `op` are module globals: one migration run at a time per process.
_PROCESS_LOCK = threading.RLock()


def alembic_config(connection: Optional[Connection] = None) -> Config:
    """An Alembic Config pointing at this folder; `connection` is handed to env.py."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    head = script_directory().get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> Optional[str]:
    """The revision the database is at (None: not migrated, or at base)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """One connection, one transaction, held under a lock other processes respect."""
    with _PROCESS_LOCK, engine.connect() as connection:
        backend = engine.dialect.name
        if backend == "sqlite":
            # pysqlite would leave DDL outside a transaction; take the write lock now.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif backend == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_KEY})")
        try:
            yield connection
        except BaseException:
            connection.rollback()
            raise
        connection.commit()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """`alembic upgrade <revision>` in one locked transaction."""
    with _migration_connection(engine) as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: Engine, revision: str = "-1") -> None:
    """`alembic downgrade <revision>` in one locked transaction."""
    with _migration_connection(engine) as connection:
        command.downgrade(alembic_config(connection), revision)


def ensure_schema(engine: Engine) -> None:
    """Bring the database to the newest revision; fast when it is already there."""
    if current_revision(engine) == head_revision():
        return
    upgrade(engine, "head")
