"""The Alembic migrations, up and down, on SQLite and PostgreSQL; they and the
models describe the same schema; first use migrates, safely and only once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from db_backends import database_url, postgres_server, postgres_url, sqlite_url  # noqa: F401
from sqlalchemy import inspect, text

from bot.storage import migrations
from bot.storage.database import Base, make_engine
from bot.storage.summaries import IntakeStore
from bot.storage.therapists import DirectoryStore

ROOT = Path(__file__).resolve().parents[2]
# Every table of the models (the staff console's and the funnel's included).
CLINIC_TABLES = set(Base.metadata.tables)
FIRST_TABLES = {"intake_summaries", "therapists", "callback_requests"}


def tables(engine) -> set:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


@pytest.fixture
def engine(database_url):
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def test_one_linear_history_ending_at_head():
    script = migrations.script_directory()
    assert len(script.get_heads()) == 1
    revisions = list(script.walk_revisions())
    chain = [r.revision for r in reversed(revisions)]
    assert chain[:3] == [
        "0001_intake_summaries",
        "0002_therapists_and_callbacks",
        "0003_staff_console",
    ]
    assert migrations.head_revision() == chain[-1]


def test_up_down_to_base_and_up_again(engine):
    assert migrations.current_revision(engine) is None
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == migrations.head_revision()
    assert tables(engine) == CLINIC_TABLES

    migrations.downgrade(engine, "0002_therapists_and_callbacks")
    assert tables(engine) == FIRST_TABLES  # the staff console's tables and columns gone
    assert "active" not in {c["name"] for c in inspect(engine).get_columns("therapists")}
    migrations.downgrade(engine, "-1")
    assert migrations.current_revision(engine) == "0001_intake_summaries"
    assert tables(engine) == {"intake_summaries"}

    migrations.downgrade(engine, "base")
    assert migrations.current_revision(engine) is None
    assert tables(engine) == set()

    migrations.upgrade(engine)
    assert tables(engine) == CLINIC_TABLES
    assert migrations.current_revision(engine) == migrations.head_revision()


def test_models_and_migrations_agree(engine):
    migrations.upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_stores_migrate_on_first_use(database_url):
    store = DirectoryStore(database_url)
    try:
        assert store.list_therapists() == []
        assert migrations.current_revision(store.engine) == migrations.head_revision()
        assert tables(store.engine) == CLINIC_TABLES
    finally:
        store.dispose()


def test_ensure_schema_is_idempotent(engine):
    migrations.ensure_schema(engine)
    migrations.ensure_schema(engine)
    with engine.connect() as connection:
        versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    assert versions == [(migrations.head_revision(),)]


def test_concurrent_first_use_migrates_once(database_url):
    """Several stores (as several processes would) start on one new database at once."""
    errors = []
    stores = [IntakeStore(database_url) for _ in range(6)]
    barrier = threading.Barrier(len(stores))

    def start(store):
        try:
            barrier.wait()
            store.save_summary(f"conv-{id(store)}", {"recommended_style": "light"})
        except Exception as error:  # pragma: no cover - the assertion shows it
            errors.append(error)

    threads = [threading.Thread(target=start, args=(s,), daemon=True) for s in stores]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 60
    for t in threads:
        t.join(max(0.0, deadline - time.monotonic()))
    try:
        assert not any(t.is_alive() for t in threads), "a store is stuck migrating"
        assert errors == []
        assert len(stores[0].list_summaries()) == len(stores)
        with stores[0].engine.connect() as connection:
            assert (
                connection.execute(text("SELECT COUNT(*) FROM alembic_version")).scalar_one() == 1
            )
    finally:
        for s in stores:
            s.dispose()


def test_several_processes_starting_at_once_migrate_once(database_url):
    """Separate processes (as the action server and the staff CLI would be)
    open one new database at the same moment; each writes, nobody fails."""
    # Each process imports first, then waits for the same moment to open the store.
    code = (
        "import sys, time; from bot.storage.summaries import IntakeStore; "
        "import bot.storage.migrations; bot.storage.migrations.head_revision(); "
        "time.sleep(max(0.0, float(sys.argv[3]) - time.time())); "
        "IntakeStore(sys.argv[1]).save_summary(sys.argv[2], {'recommended_style': 'light'})"
    )
    start_at = str(time.time() + 3)
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", code, database_url, f"p{i}", start_at],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(4)
    ]
    results = [p.communicate(timeout=120) + (p.returncode,) for p in processes]
    assert [r[2] for r in results] == [0] * 4, [r[1][-500:] for r in results]
    store = IntakeStore(database_url)
    try:
        assert sorted(r["conversation_id"] for r in store.list_summaries()) == [
            "p0",
            "p1",
            "p2",
            "p3",
        ]
        assert migrations.current_revision(store.engine) == migrations.head_revision()
    finally:
        store.dispose()


def test_a_failing_migration_leaves_nothing_behind(engine, monkeypatch):
    """The whole upgrade is one transaction: a migration failing half-way
    leaves the database as it was, on SQLite as on PostgreSQL."""
    migrations.upgrade(engine, "0001_intake_summaries")
    from alembic.operations import Operations

    real_create_index = Operations.create_index

    def broken_create_index(self, name, *args, **kwargs):
        if name == "ix_callback_requests_conversation_id":
            raise RuntimeError("disk full, pretend")
        return real_create_index(self, name, *args, **kwargs)

    monkeypatch.setattr(Operations, "create_index", broken_create_index)
    with pytest.raises(RuntimeError):
        migrations.upgrade(engine)
    monkeypatch.undo()
    assert migrations.current_revision(engine) == "0001_intake_summaries"
    assert tables(engine) == {"intake_summaries"}  # therapists was created, then rolled back
    migrations.upgrade(engine)
    assert tables(engine) == CLINIC_TABLES


def test_adopts_a_database_made_before_migrations(tmp_path):
    """var/clinic.db made by the old create_all: kept, with its rows, and migrated."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE intake_summaries (id INTEGER PRIMARY KEY, conversation_id "
            "VARCHAR(255) NOT NULL, recommended_style VARCHAR(32), summary TEXT NOT NULL, "
            "created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL)"
        )
        connection.execute(
            "CREATE UNIQUE INDEX ix_intake_summaries_conversation_id "
            "ON intake_summaries (conversation_id)"
        )
        connection.execute(
            "INSERT INTO intake_summaries VALUES (1, 'old', 'light', '{\"a\": 1}', "
            "'2024-01-01 10:00:00', '2024-01-01 10:00:00')"
        )
    store = IntakeStore(f"sqlite:///{path}")
    try:
        assert store.get_summary("old") == {"a": 1}
        assert tables(store.engine) == CLINIC_TABLES
    finally:
        store.dispose()


def test_command_line_alembic_env_uses_database_url(tmp_path, monkeypatch):
    """env.py also works without a connection handed in (the `alembic` command)."""
    from alembic import command

    from bot.runtime import settings as settings_module

    db = tmp_path / "cli.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{db}")
    settings_module.clear_settings_cache()
    try:
        command.upgrade(migrations.alembic_config(), "head")
    finally:
        settings_module.clear_settings_cache()
    engine = make_engine(f"sqlite:///{db}")
    try:
        assert tables(engine) == CLINIC_TABLES
    finally:
        engine.dispose()
