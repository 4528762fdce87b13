"""The local store: one SQLite database in the data folder, used through sqlite-utils.

Durability first: WAL with ``synchronous=FULL``, so a committed check-in survives a power
cut. The whole app shares **one writer connection**; writes from any thread go through
:meth:`Store.transaction`, which serialises them. The SQLite that CPython 3.11 links
(3.40.x) still has the WAL-reset corruption bug (fixed in 3.51.3) that needs two
connections writing or checkpointing at once, so never open a second writer.

The schema is a set of components (``core/schema.py``), each with its own list of
migrations; opening an older database upgrades it in one transaction, opening a newer one
refuses before anything is written.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from mscd_desktop.core.errors import (
    CorruptDatabaseError,
    NewerDatabaseError,
    NotOurDatabaseError,
    StoreError,
)
from mscd_desktop.core.ids import utc_now
from mscd_desktop.core.private_files import (
    create_private_file,
    make_private_folder,
    tighten_data_folder,
)
from mscd_desktop.i18n import _

log = logging.getLogger(__name__)

DB_FILENAME = "mscd.sqlite3"
APPLICATION_ID = 0x4D534344  # "MSCD": marks a file as ours before we ever write to it
SQLITE_HEADER = b"SQLite format 3\x00"

Migration = Callable[[sqlite_utils.Database], None]


def database_path(data_dir: Path) -> Path:
    """Where the database of *data_dir* lives."""
    return Path(data_dir) / DB_FILENAME


def _store_migrations() -> list[Migration]:
    def create_app_state(db: sqlite_utils.Database) -> None:
        db["app_state"].create({"key": str, "value": str, "updated_at": str}, pk="key")

    return [create_app_state]


def schema_components() -> list[tuple[str, list[Migration]]]:
    """Every component's name and migrations, in the order they are applied."""
    # Imported here, not at the top: every component imports this module for Store.
    from mscd_desktop.core.schema import COMPONENTS

    found = [("store", _store_migrations())]
    for module in COMPONENTS:
        found.append((module.__name__.rsplit(".", 1)[-1], list(module.MIGRATIONS)))
    return found


class Store:
    """The open database: one writer connection, shared by every thread of the app."""

    def __init__(self, path: Path, *, backup_dir: Path | None = None) -> None:
        self.path = Path(path)
        self.backup_dir = backup_dir or self.path.parent / "backups"
        self._lock = threading.RLock()
        self.writes = 0  # committed write transactions since opening, for backup pacing
        self._check_file()
        create_private_file(self.path)  # 0600 before SQLite writes; -wal/-shm inherit it
        conn = sqlite3.connect(str(self.path), check_same_thread=False, timeout=10)
        self.db = sqlite_utils.Database(conn)
        try:
            self._check_identity()
            tighten_data_folder(self.path.parent, self.backup_dir)
            self._configure()
            self._migrate()
        except Exception:
            conn.close()
            raise
        log.info("opened %s with SQLite %s", self.path, sqlite3.sqlite_version)

    @classmethod
    def open(cls, data_dir: Path) -> Store:
        """Open (creating if needed) the database in *data_dir*."""
        data_dir = make_private_folder(Path(data_dir))
        return cls(database_path(data_dir))

    # -- opening -------------------------------------------------------------------------

    def _latest_backup(self) -> str | None:
        from mscd_desktop.core.backups import list_backups

        backups = list_backups(self.backup_dir)
        return str(backups[0].path) if backups else None

    def _check_file(self) -> None:
        if not self.path.exists() or self.path.stat().st_size == 0:
            return
        with self.path.open("rb") as fh:
            header = fh.read(len(SQLITE_HEADER))
        if header != SQLITE_HEADER:
            raise NotOurDatabaseError(
                _(
                    "{path} is not an mscd-desktop database (it is not SQLite at all). "
                    "It was left untouched."
                ).format(path=self.path)
            )

    def _check_identity(self) -> None:
        try:
            app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
            tables = self.db.table_names()
        except sqlite3.DatabaseError as exc:
            raise CorruptDatabaseError(
                _("{path} cannot be read ({error}).").format(path=self.path, error=exc),
                self._latest_backup(),
            ) from exc
        if app_id == 0 and not tables:
            return  # a new, empty database
        if app_id != APPLICATION_ID:
            raise NotOurDatabaseError(
                _(
                    "{path} is an SQLite database of another program, not of mscd-desktop. "
                    "It was left untouched."
                ).format(path=self.path)
            )
        try:
            result = self.db.execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            result = str(exc)
        if result != "ok":
            raise CorruptDatabaseError(
                _("{path} is damaged ({error}).").format(path=self.path, error=result),
                self._latest_backup(),
            )

    def _configure(self) -> None:
        with self.db.ensure_autocommit_on():
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=10000")
            # deleted and overwritten rows are zeroed in the pages written anyway, so a
            # value replaced (a private key sealed, a PIN hash re-keyed) leaves no trace
            self.db.execute("PRAGMA secure_delete=FAST")

    def schema_versions(self) -> dict[str, int]:
        """Applied migration count of each component."""
        if "schema_versions" not in self.db.table_names():
            return {}
        return {r["component"]: r["version"] for r in self.db["schema_versions"].rows}

    def _migrate(self) -> None:
        components = schema_components()
        applied = self.schema_versions()
        known = dict(components)
        for name, version in applied.items():
            if name not in known or version > len(known[name]):
                raise NewerDatabaseError(
                    _(
                        "{path} was written by a newer version of mscd-desktop "
                        "(part '{part}', version {version}). Update the app to open it; "
                        "the file was left untouched."
                    ).format(path=self.path, part=name, version=version)
                )
        pending = [
            (name, migrations)
            for name, migrations in components
            if applied.get(name, 0) < len(migrations)
        ]
        if not pending:
            return
        with self._lock, self.db.atomic():
            self.db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            if "schema_versions" not in self.db.table_names():
                self.db["schema_versions"].create(
                    {"component": str, "version": int, "updated_at": str}, pk="component"
                )
            for name, migrations in pending:
                for step in migrations[applied.get(name, 0) :]:
                    step(self.db)
                self.db["schema_versions"].upsert(
                    {"component": name, "version": len(migrations), "updated_at": utc_now()},
                    pk="component",
                )
                log.info("migrated %s to version %d", name, len(migrations))
        # the old pages of a migrated row (e.g. a private key before it was sealed) stay in
        # the -wal until it is reused: copy them into the database and empty the -wal now
        with self.db.ensure_autocommit_on():
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- use -----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """Write atomically through the one writer connection; commits (to disk) on exit."""
        with self._lock:
            with self.db.atomic():
                yield self.db
            self.writes += 1

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        """Read through the shared connection (short queries; any thread)."""
        with self._lock:
            yield self.db

    def open_reader(self) -> sqlite_utils.Database:
        """A separate read-only connection for long reads off the GUI thread. Close it after."""
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
        conn.execute("PRAGMA query_only=1")
        return sqlite_utils.Database(conn)

    def get_state(self, key: str, default: str | None = None) -> str | None:
        """A value kept in ``app_state`` (shared by CLI and GUI), e.g. the event opened last."""
        with self.read() as db:
            row = db.execute("SELECT value FROM app_state WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    def set_state(self, key: str, value: str | None) -> None:
        """Keep *value* under *key* in ``app_state`` (None removes it)."""
        with self.transaction() as db:
            if value is None:
                db.execute("DELETE FROM app_state WHERE key = ?", [key])
            else:
                db["app_state"].upsert(
                    {"key": key, "value": value, "updated_at": utc_now()}, pk="key"
                )

    def close(self) -> None:
        """Close the writer connection (checkpointing the WAL into the database)."""
        with self._lock:
            try:
                self.db.close()
            except sqlite3.Error as exc:  # pragma: no cover - closing a broken file
                raise StoreError(str(exc)) from exc

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
