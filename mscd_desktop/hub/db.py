"""The hub's database: engines for SQLite and PostgreSQL, migrations, write transactions.

SQLite (one laptop, tests): WAL, a 30 s busy timeout and ``BEGIN IMMEDIATE`` for writes, so
several worker processes queue for the one writer instead of failing. PostgreSQL (the
cluster): a pool that pings connections before use, so the hub reconnects by itself after
the database restarted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from mscd_desktop.core.errors import MscdError
from mscd_desktop.hub.language import hub_gettext as _

DB_ENV = "MSCD_HUB_DB"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_WRITE = "hub_write"


def default_url() -> str:
    """``$MSCD_HUB_DB``, else a SQLite file in the user's data folder."""
    if os.environ.get(DB_ENV):
        return os.environ[DB_ENV]
    folder = platformdirs.user_data_path("mscd-hub", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'hub.sqlite3'}"


def make_engine(url: str) -> Engine:
    """An engine for *url*: ``sqlite:///FILE`` or ``postgresql+psycopg://…``."""
    try:
        parsed = make_url(url)
    except Exception:
        raise MscdError(_("Not a database URL: {url}").format(url=url)) from None
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        return create_engine(
            parsed, pool_pre_ping=True, pool_size=5, max_overflow=10, pool_recycle=1800
        )
    raise MscdError(
        _("The hub runs on SQLite or PostgreSQL, not {backend}.").format(
            backend=parsed.get_backend_name()
        )
    )


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # a writer takes the lock at BEGIN, so two workers never deadlock upgrading a read
        writes = connection.get_execution_options().get(_WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    return engine


@contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction, committed when the block ends without error."""
    with engine.connect() as connection:
        connection.execution_options(**{_WRITE: True})
        with connection.begin():
            yield connection


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A connection for reading (its transaction is rolled back at the end)."""
    with engine.connect() as connection:
        yield connection


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (creates it when empty)."""
    with writing(engine) as connection:
        command.upgrade(_alembic_config(connection), "head")


def is_current(engine: Engine) -> bool:
    """Whether the database has the newest schema."""
    with reading(engine) as connection:
        head = ScriptDirectory.from_config(_alembic_config(connection)).get_current_head()
        return MigrationContext.configure(connection).get_current_revision() == head


def open_database(url: str | None = None) -> Engine:
    """An engine on *url* (default: :func:`default_url`) with the newest schema."""
    engine = make_engine(url or default_url())
    migrate(engine)
    return engine


def backend(engine: Engine) -> str:
    """``sqlite`` or ``postgresql``."""
    return engine.dialect.name
