"""Import runs: what a publishing import has written so far, so that it can be undone.

An import is published in short transactions, so that a check-in at the door never
waits long for the one writer connection. Until its run is marked done (one tiny
transaction at the end), every row it inserted is listed in ``import_run_rows`` and
every row it changed keeps its previous values in ``import_run_undo``. A publish that
fails or is cancelled is rolled back from these at once; one cut short by a crash stops
beating its heartbeat and is rolled back by :func:`recover_interrupted_imports`, which
the CLI and the app call when they open the store and every import calls first.

Kept outside :mod:`mscd_desktop.core.importing` so that the schema can list it without
importing the store.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import sqlite_utils

from mscd_desktop.core.ids import new_id, utc_now

if TYPE_CHECKING:
    from mscd_desktop.core.store import Store

log = logging.getLogger(__name__)

CLEANUP_ROWS = 2000
UNDO_ROWS = 200
STALE_AFTER = timedelta(seconds=30)  # a live publish beats every chunk, well under this

_active: set[str] = set()  # runs publishing in this process (never "interrupted")
_active_lock = threading.Lock()


def _create_tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE import_runs (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id),
            state TEXT NOT NULL CHECK (state IN ('publishing', 'done', 'rolled_back')),
            heartbeat TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    # The attendees a run inserted, as rowid ranges: one per publishing transaction,
    # which numbers its rows consecutively after the largest rowid.
    db.execute("""
        CREATE TABLE import_run_rows (
            run_id TEXT NOT NULL REFERENCES import_runs(id),
            first_rowid INTEGER NOT NULL,
            last_rowid INTEGER NOT NULL,
            PRIMARY KEY (run_id, first_rowid)
        ) WITHOUT ROWID""")
    db.execute("""
        CREATE TABLE import_run_undo (
            run_id TEXT NOT NULL REFERENCES import_runs(id),
            attendee_id TEXT NOT NULL,
            previous TEXT NOT NULL,
            PRIMARY KEY (run_id, attendee_id)
        ) WITHOUT ROWID""")
    db.execute("CREATE INDEX idx_import_runs_state ON import_runs(state)")


MIGRATIONS = [_create_tables]


def start_run(store: Store, event_id: str) -> str:
    """Record a new run about to publish into *event_id*; returns its id."""
    run_id, now = new_id(), utc_now()
    with _active_lock:
        _active.add(run_id)
    with store.transaction() as db:
        db.table("import_runs").insert(
            {
                "id": run_id,
                "event_id": event_id,
                "state": "publishing",
                "heartbeat": now,
                "created_at": now,
                "updated_at": now,
            }
        )
    return run_id


def _beat(db: sqlite_utils.Database, run_id: str, state: str = "publishing") -> None:
    now = utc_now()
    db.execute(
        "UPDATE import_runs SET heartbeat = ?, updated_at = ?, state = ? WHERE id = ?",
        [now, now, state, run_id],
    )


def publish_rows(store: Store, run_id: str, staging: str, first: int, last: int) -> int:
    """Insert the staged rows with rowid *first*..*last* (one transaction), leaving out
    any whose import key the event already has (another import got there first).
    Returns how many were inserted."""
    with store.transaction() as db:
        before: int = db.execute("SELECT coalesce(max(rowid), 0) FROM attendees").fetchone()[0]
        db.execute(
            f"INSERT INTO attendees SELECT * FROM temp.{staging} AS s "
            "WHERE s.rowid BETWEEN ? AND ? AND NOT EXISTS (SELECT 1 FROM attendees a "
            "WHERE a.event_id = s.event_id AND a.import_key = s.import_key)",
            [first, last],
        )
        after: int = db.execute("SELECT coalesce(max(rowid), 0) FROM attendees").fetchone()[0]
        if after > before:
            db.execute(
                "INSERT INTO import_run_rows (run_id, first_rowid, last_rowid) VALUES (?, ?, ?)",
                [run_id, before + 1, after],
            )
        _beat(db, run_id)
    # Checkpoint now, while the writer is ours anyway: otherwise the next commit past
    # the WAL's limit pays for this step's pages, and that may be a check-in's.
    with store.read() as db:
        db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    return after - before


def apply_changes(store: Store, run_id: str, changes: list[tuple[str, dict]]) -> None:
    """Change stored attendees (one transaction), keeping what each change replaces."""
    with store.transaction() as db:
        for attendee_id, values in changes:
            columns = list(values)
            row = db.execute(
                f"SELECT {', '.join(columns)} FROM attendees WHERE id = ?", [attendee_id]
            ).fetchone()
            if row is None:
                continue
            db.execute(
                "INSERT OR IGNORE INTO import_run_undo (run_id, attendee_id, previous) "
                "VALUES (?, ?, ?)",
                [run_id, attendee_id, json.dumps(dict(zip(columns, row, strict=True)))],
            )
            db.execute(
                f"UPDATE attendees SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                [*values.values(), attendee_id],
            )
        _beat(db, run_id)


def mark_done(store: Store, run_id: str) -> None:
    """Mark the run done: the one tiny transaction that makes the import complete."""
    with store.transaction() as db:
        _beat(db, run_id, "done")
    with _active_lock:
        _active.discard(run_id)


def forget(store: Store, run_id: str) -> None:
    """Delete the notes of a finished run (in short transactions)."""
    for table, key in (("import_run_rows", "first_rowid"), ("import_run_undo", "attendee_id")):
        while True:
            with store.transaction() as db:
                gone = db.execute(
                    f"DELETE FROM {table} WHERE run_id = ? AND {key} IN "
                    f"(SELECT {key} FROM {table} WHERE run_id = ? LIMIT ?)",
                    [run_id, run_id, CLEANUP_ROWS],
                ).rowcount
            if gone < CLEANUP_ROWS:
                break


def roll_back(store: Store, run_id: str) -> None:
    """Undo everything the run wrote, in short transactions, and mark it rolled back."""
    while True:
        with store.transaction() as db:
            undo = db.execute(
                "SELECT attendee_id, previous FROM import_run_undo WHERE run_id = ? LIMIT ?",
                [run_id, UNDO_ROWS],
            ).fetchall()
            for attendee_id, previous in undo:
                values = json.loads(previous)
                db.execute(
                    f"UPDATE attendees SET {', '.join(f'{c} = ?' for c in values)} WHERE id = ?",
                    [*values.values(), attendee_id],
                )
                db.execute(
                    "DELETE FROM import_run_undo WHERE run_id = ? AND attendee_id = ?",
                    [run_id, attendee_id],
                )
        if len(undo) < UNDO_ROWS:
            break
    while True:
        with store.transaction() as db:
            ranges = db.execute(
                "SELECT first_rowid, last_rowid FROM import_run_rows WHERE run_id = ? "
                "ORDER BY first_rowid DESC LIMIT 1",
                [run_id],
            ).fetchall()
            for first, last in ranges:
                _delete_attendees(db, first, last)
                db.execute(
                    "DELETE FROM import_run_rows WHERE run_id = ? AND first_rowid = ?",
                    [run_id, first],
                )
        if not ranges:
            break
    with store.transaction() as db:
        _beat(db, run_id, "rolled_back")
    with _active_lock:
        _active.discard(run_id)


def _delete_attendees(db: sqlite_utils.Database, first: int, last: int) -> None:
    """Delete the attendees with rowid *first*..*last*; one already checked in (or
    ticketed) meanwhile is kept."""
    try:  # a foreign-key failure undoes this statement only, not the transaction
        db.execute("DELETE FROM attendees WHERE rowid BETWEEN ? AND ?", [first, last])
    except sqlite3.IntegrityError:
        for (rowid,) in db.execute(
            "SELECT rowid FROM attendees WHERE rowid BETWEEN ? AND ?", [first, last]
        ).fetchall():
            try:
                db.execute("DELETE FROM attendees WHERE rowid = ?", [rowid])
            except sqlite3.IntegrityError:
                log.warning("kept attendee row %s of a rolled-back import: in use", rowid)


def recover_interrupted_imports(store: Store) -> int:
    """Roll back every run left publishing by a process that stopped (its heartbeat is
    older than :data:`STALE_AFTER`); returns how many were rolled back."""
    limit = (datetime.now(UTC) - STALE_AFTER).isoformat(timespec="milliseconds")
    limit = limit.replace("+00:00", "Z")
    with store.read() as db:
        runs = db.execute(
            "SELECT id, state FROM import_runs WHERE state = 'publishing' AND heartbeat < ? "
            "UNION SELECT r.id, r.state FROM import_runs r WHERE r.state != 'publishing' "
            "AND (EXISTS (SELECT 1 FROM import_run_rows x WHERE x.run_id = r.id) "
            "OR EXISTS (SELECT 1 FROM import_run_undo u WHERE u.run_id = r.id))",
            [limit],
        ).fetchall()
    with _active_lock:
        runs = [(run_id, state) for run_id, state in runs if run_id not in _active]
    rolled_back = 0
    for run_id, state in runs:
        if state == "publishing":
            log.warning("rolling back import run %s, interrupted while publishing", run_id)
            roll_back(store, run_id)
            rolled_back += 1
        forget(store, run_id)
    return rolled_back
