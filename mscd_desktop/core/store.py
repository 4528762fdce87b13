"""The local store: one SQLite database in the data folder, used through sqlite-utils.

Durability first: WAL with ``synchronous=FULL``, so a committed check-in survives a power
cut. The whole app shares **one writer connection**; writes from any thread go through
:meth:`Store.transaction`, which serialises them. The SQLite that CPython 3.11 links
(3.40.x) still has the WAL-reset corruption bug (fixed in 3.51.3) that needs two
connections writing or checkpointing at once, so never open a second writer.

Other programs may have the same file open (the app and an ``mscd`` command): every write
transaction starts with ``BEGIN IMMEDIATE``, so it waits for the other program's write to
finish (up to ``store_errors.BUSY_TIMEOUT_S``) instead of failing when a read turns into a
write, and every open store holds a shared lock (``core/store_lock.py``) so that the file
is not replaced under it. SQLite failures a person can act on (busy, full disk, read-only folder,
damaged file) are raised as sentences (``core/store_errors.py``).

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

from mscd_desktop.core import store_errors, store_lock
from mscd_desktop.core.errors import (
    CorruptDatabaseError,
    EmptyDatabaseError,
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
from mscd_desktop.core.store_errors import latest_backup, store_failure, told_as_sentences
from mscd_desktop.i18n import _

log = logging.getLogger(__name__)

DB_FILENAME = "mscd.sqlite3"
APPLICATION_ID = 0x4D534344  # "MSCD": marks a file as ours before we ever write to it
SQLITE_HEADER = b"SQLite format 3\x00"
# Up to this size every open runs the full ``integrity_check`` (~0.25 s at 32 MB); it also
# finds damage that ``quick_check`` misses (rows that no longer match their indexes).
FULL_CHECK_MAX_BYTES = 32 * 1024 * 1024

Migration = Callable[[sqlite_utils.Database], None]


def database_path(data_dir: Path) -> Path:
    """Where the database of *data_dir* lives."""
    return Path(data_dir) / DB_FILENAME


def _backup_time(backup_path: str) -> str:
    from mscd_desktop.core.backups import list_backups  # backups imports the store

    for backup in list_backups(Path(backup_path).parent):
        if str(backup.path) == backup_path:
            return f"{backup.taken_at.astimezone():%Y-%m-%d %H:%M}"
    return Path(backup_path).name


def _store_migrations() -> list[Migration]:
    def create_app_state(db: sqlite_utils.Database) -> None:
        db.table("app_state").create({"key": str, "value": str, "updated_at": str}, pk="key")

    return [create_app_state]


def schema_components() -> list[tuple[str, list[Migration]]]:
    """Every component's name and migrations, in the order they are applied."""
    # Imported here, not at the top: every component imports this module for Store.
    from mscd_desktop.core.schema import COMPONENTS

    found = [("store", _store_migrations())]
    for module in COMPONENTS:
        found.append((module.__name__.rsplit(".", 1)[-1], list(module.MIGRATIONS)))
    return found


class _WriterDatabase(sqlite_utils.Database):
    """sqlite-utils' Database whose outermost transaction starts with ``BEGIN IMMEDIATE``.

    A plain ``BEGIN`` reads first and asks for the write lock only at the first write;
    when another program wrote in between, SQLite refuses that upgrade at once, whatever
    the busy timeout. ``BEGIN IMMEDIATE`` takes the write lock first, waiting its turn.
    """

    @contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        """A transaction (a savepoint when one is open already)."""
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def begin(self) -> None:
        """Start a transaction by hand, taking the write lock at once."""
        self.execute("BEGIN IMMEDIATE")


class Store:
    """The open database: one writer connection, shared by every thread of the app."""

    def __init__(
        self, path: Path, *, backup_dir: Path | None = None, program: str | None = None
    ) -> None:
        self.path = Path(path)
        self.backup_dir = backup_dir or self.path.parent / "backups"
        self._lock = threading.RLock()
        self.writes = 0  # committed write transactions since opening, for backup pacing
        self._held = store_lock.hold_shared(self.path, program)
        try:
            self._check_file()
            with told_as_sentences(self.path, self.backup_dir):
                create_private_file(self.path)  # 0600 before SQLite writes; -wal/-shm inherit it
                conn = sqlite3.connect(
                    str(self.path), check_same_thread=False, timeout=store_errors.BUSY_TIMEOUT_S
                )
            # Implicit transactions (a bare INSERT outside transaction()) take the
            # write lock first too.
            conn.isolation_level = "IMMEDIATE"
            self.db = _WriterDatabase(conn)
        except BaseException:
            self._held.release()
            raise
        try:
            with told_as_sentences(self.path, self.backup_dir):
                self._check_identity()
                tighten_data_folder(self.path.parent, self.backup_dir)
                self._configure()
                self._migrate()
        except BaseException:
            conn.close()
            self._held.release()
            raise
        log.info("opened %s with SQLite %s", self.path, sqlite3.sqlite_version)

    @classmethod
    def open(cls, data_dir: Path, *, program: str | None = None) -> Store:
        """Open (creating if needed) the database in *data_dir*. *program* names the
        caller in the note that tells other programs who has the store open."""
        try:
            data_dir = make_private_folder(Path(data_dir))
        except OSError as exc:
            raise StoreError(
                _("The data folder {folder} cannot be created ({error}).").format(
                    folder=data_dir, error=exc.strerror or exc
                )
            ) from exc
        store = cls(database_path(data_dir), program=program)
        from mscd_desktop.core.backups import remove_leftovers  # backups imports us

        remove_leftovers(store)
        return store

    # -- opening -------------------------------------------------------------------------

    def _latest_backup(self) -> str | None:
        return latest_backup(self.backup_dir)

    def _check_file(self) -> None:
        if self.path.is_dir():
            raise StoreError(
                _(
                    "{path} is a folder, not a database file. Move it out of the way (or "
                    "choose another data folder); it was left untouched."
                ).format(path=self.path)
            )
        if not self.path.exists():
            return
        try:
            size = self.path.stat().st_size
            with self.path.open("rb") as fh:
                header = fh.read(len(SQLITE_HEADER))
        except OSError as exc:
            raise StoreError(
                _("{path} cannot be read ({error}). Check that you may read it.").format(
                    path=self.path, error=exc.strerror or exc
                )
            ) from exc
        if size == 0:
            self._check_empty_file()
            return
        if header != SQLITE_HEADER:
            raise NotOurDatabaseError(
                _(
                    "{path} is not an mscd-desktop database (it is not SQLite at all). "
                    "It was left untouched."
                ).format(path=self.path)
            )

    def _check_empty_file(self) -> None:
        """An empty file is a new database, unless backups show there was data before
        (the file was emptied, e.g. by a full disk or a failed copy)."""
        backup = self._latest_backup()
        if backup is None:
            return
        wal = Path(f"{self.path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return  # written, not yet checkpointed into the file: SQLite reads it from there
        raise EmptyDatabaseError(
            _(
                "{path} is empty (0 bytes), but there are backups of earlier data, the "
                "latest from {when}. The empty file was left untouched."
            ).format(path=self.path, when=_backup_time(backup)),
            backup,
        )

    def _check_identity(self) -> None:
        try:
            app_id = self.db.execute("PRAGMA application_id").fetchone()[0]
            tables = self.db.table_names()
        except sqlite3.DatabaseError as exc:
            failure = store_failure(exc, self.path, self.backup_dir)
            if failure is not None:
                raise failure from exc
            raise CorruptDatabaseError(
                _("{path} cannot be read ({error}).").format(path=self.path, error=exc),
                self._latest_backup(),
            ) from exc
        if app_id == 0 and not tables:
            return  # a new, empty database
        if app_id != APPLICATION_ID or not self._has_our_schema_table():
            raise NotOurDatabaseError(
                _(
                    "{path} is an SQLite database of another program, not of mscd-desktop. "
                    "It was left untouched."
                ).format(path=self.path)
            )
        check = "integrity_check" if self._small_enough_for_full_check() else "quick_check"
        try:
            result = self.db.execute(f"PRAGMA {check}(1)").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            result = str(exc)
        if result != "ok":
            raise CorruptDatabaseError(
                _("{path} is damaged ({error}).").format(path=self.path, error=result),
                self._latest_backup(),
            )

    def _has_our_schema_table(self) -> bool:
        """Our application id alone proves little: every database we wrote to also has
        ``schema_versions`` (written in the same transaction as the id)."""
        columns = {
            row[1] for row in self.db.execute("PRAGMA table_info(schema_versions)").fetchall()
        }
        return {"component", "version"} <= columns

    def _small_enough_for_full_check(self) -> bool:
        sizes = [self.path.stat().st_size]
        wal = Path(f"{self.path}-wal")
        if wal.exists():
            sizes.append(wal.stat().st_size)
        return sum(sizes) <= FULL_CHECK_MAX_BYTES

    def _configure(self) -> None:
        with self.db.ensure_autocommit_on():
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute(f"PRAGMA busy_timeout={int(store_errors.BUSY_TIMEOUT_S * 1000)}")
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
        if not self._pending(components, self.schema_versions()):
            return
        with self._lock, self.db.atomic():
            # Another program may have migrated while we waited for the write lock.
            applied = self.schema_versions()
            pending = self._pending(components, applied)
            if not pending:
                return
            self.db.execute(f"PRAGMA application_id={APPLICATION_ID}")
            if "schema_versions" not in self.db.table_names():
                self.db.table("schema_versions").create(
                    {"component": str, "version": int, "updated_at": str}, pk="component"
                )
            for name, migrations in pending:
                for step in migrations[applied.get(name, 0) :]:
                    step(self.db)
                self.db.table("schema_versions").upsert(
                    {"component": name, "version": len(migrations), "updated_at": utc_now()},
                    pk="component",
                )
                log.info("migrated %s to version %d", name, len(migrations))
        # the old pages of a migrated row (e.g. a private key before it was sealed) stay in
        # the -wal until it is reused: copy them into the database and empty the -wal now
        with self.db.ensure_autocommit_on():
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _pending(
        self, components: list[tuple[str, list[Migration]]], applied: dict[str, int]
    ) -> list[tuple[str, list[Migration]]]:
        """The components whose migrations have not all run; NewerDatabaseError when the
        file was written by a newer version."""
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
        return [
            (name, migrations)
            for name, migrations in components
            if applied.get(name, 0) < len(migrations)
        ]

    # -- use -----------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """Write atomically through the one writer connection; commits (to disk) on exit.

        Starts with ``BEGIN IMMEDIATE``: while another program writes, it waits up to
        ``store_errors.BUSY_TIMEOUT_S``, then raises StoreBusyError. A full disk, a
        read-only folder or a damaged file raise their StoreError; nothing of the block is
        kept then.
        """
        with self._lock:
            with told_as_sentences(self.path, self.backup_dir), self.db.atomic():
                yield self.db
            self.writes += 1

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        """Read through the shared connection (short queries; any thread). A damaged
        file raises CorruptDatabaseError (naming the latest backup), not SQLite's error."""
        with self._lock, told_as_sentences(self.path, self.backup_dir):
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
                db.table("app_state").upsert(
                    {"key": key, "value": value, "updated_at": utc_now()}, pk="key"
                )

    def close(self) -> None:
        """Close the writer connection (checkpointing the WAL into the database)."""
        with self._lock:
            try:
                self.db.close()
            except sqlite3.Error as exc:  # pragma: no cover - closing a broken file
                raise store_failure(exc, self.path, self.backup_dir) or StoreError(
                    str(exc)
                ) from exc
            finally:
                self._held.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
