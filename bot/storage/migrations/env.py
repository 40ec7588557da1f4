"""Alembic environment. The connection comes from bot.storage.migrations (programmatic
use); run through the `alembic` command line it falls back to DATABASE_URL."""

from __future__ import annotations

from alembic import context

from bot.storage.database import Base, make_engine

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; run them on a database.")

connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    from bot.runtime.settings import get_settings

    url = config.get_main_option("sqlalchemy.url") or get_settings().database_url
    engine = make_engine(url)
    try:
        with engine.connect() as own_connection:
            run_migrations(own_connection)
            own_connection.commit()
    finally:
        engine.dispose()
