"""The two database backends the clinic tables run on, for tests.

`database_url` is a fixture parametrized over SQLite (a file in tmp_path) and
PostgreSQL (a throw-away database with a random name on 127.0.0.1:5432, or
TEST_POSTGRES_ADMIN_URL, dropped afterwards). PostgreSQL tests are skipped,
saying why, only when the server cannot be reached; with CI set they fail.
Import the fixture into a test module: `from db_backends import database_url`.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_ADMIN_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)


def _admin_engine():
    return create_engine(
        ADMIN_URL, future=True, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3}
    )


def postgres_unreachable_reason():
    """None when PostgreSQL answers, else why not."""
    try:
        import psycopg2  # noqa: F401
    except ImportError as error:  # pragma: no cover
        return f"psycopg2 is not installed ({error})"
    engine = _admin_engine()
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # pragma: no cover - depends on the machine
        return (
            f"PostgreSQL at {make_url(ADMIN_URL).render_as_string(hide_password=True)} "
            f"is not reachable: {str(error).splitlines()[0]}"
        )
    finally:
        engine.dispose()
    return None


@pytest.fixture(scope="session")
def postgres_server():
    reason = postgres_unreachable_reason()
    if reason is not None:  # pragma: no cover
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so PostgreSQL tests must run: {reason}")
        pytest.skip(reason)
    return ADMIN_URL


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty PostgreSQL database, dropped after the test."""
    name = f"clinic_test_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine()
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres_server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'clinic.db'}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request):
    """Each test using this runs once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue(
        {"sqlite": "sqlite_url", "postgresql": "postgres_url"}[request.param]
    )
