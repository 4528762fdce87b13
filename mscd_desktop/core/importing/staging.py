"""Where an import's rows wait until the whole file is read, and how they are published.

Rows are staged in batches in a temporary table of the writer connection (invisible to
everyone else). Publishing then copies them into ``attendees`` a few hundred rows per
transaction, and applies the merges the same way, releasing the writer between
transactions so that a check-in at the door waits for one short step at most, never for
the whole import. :mod:`mscd_desktop.core.import_runs` notes what each step wrote: a
failure, a cancel or a crash part-way rolls all of it back, so an import is still all
or nothing.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable

from mscd_desktop.core import import_runs
from mscd_desktop.core.ids import utc_now
from mscd_desktop.core.store import Store

log = logging.getLogger(__name__)

MERGE_ROWS = 200  # merged attendees per publishing transaction
DROP_ROWS = 5000  # staged rows deleted per transaction when the staging table goes
# Rows per publishing transaction, adapted as it goes: inserting into attendees updates
# several indexes at random places, so a transaction's cost is mostly pages written; aim
# at TARGET_SECONDS each, so that a check-in waiting for the writer waits about as long.
TARGET_SECONDS = 0.010
FIRST_ROWS, FEWEST_ROWS, MOST_ROWS = 200, 20, 2000
# After each step, pause: the store's lock is not fair, so without a pause the next step
# may take the writer again before a waiting check-in wakes up; and a quarter of the
# step's time leaves the disk to the check-in's commit (an fsync), which queues behind
# the step's writes and checkpoint.
PAUSE_SECONDS, PAUSE_SHARE = 0.001, 0.25


class Staging:
    """The temporary table of one import run (single use)."""

    def __init__(self, store: Store, event_id: str) -> None:
        self.store, self.event_id = store, event_id
        seed = f"{event_id}{utc_now()}{id(self)}".encode()
        self.name = "import_staging_" + hashlib.sha1(seed).hexdigest()[:12]

    def create(self) -> None:
        """Create the empty table, shaped like ``attendees``."""
        with self.store.transaction() as db:
            db.execute(f"CREATE TEMP TABLE {self.name} AS SELECT * FROM attendees WHERE 0")

    def add(self, records: list[dict]) -> None:
        """Stage *records* (one transaction)."""
        if not records:
            return
        columns = list(records[0])
        sql = (
            f"INSERT INTO temp.{self.name} ({', '.join(columns)}) VALUES "
            f"({', '.join('?' for _c in columns)})"
        )
        with self.store.transaction() as db:
            db.conn.executemany(sql, [[r[c] for c in columns] for r in records])

    def update(self, attendee_id: str, changes: dict) -> None:
        """Change a staged row."""
        with self.store.transaction() as db:
            db.execute(
                f"UPDATE temp.{self.name} SET "
                + ", ".join(f"{c} = ?" for c in changes)
                + " WHERE id = ?",
                [*changes.values(), attendee_id],
            )

    def row(self, attendee_id: str) -> dict:
        """A staged row as a dict."""
        with self.store.read() as db:
            cursor = db.execute(f"SELECT * FROM temp.{self.name} WHERE id = ?", [attendee_id])
            columns = [c[0] for c in cursor.description]
            return dict(zip(columns, cursor.fetchone(), strict=True))

    def publish(
        self, changes: dict[str, dict], is_cancelled: Callable[[], bool] | None = None
    ) -> bool:
        """Publish every staged row, then *changes* (attendee id -> new values) to stored
        attendees, in short transactions. Returns False when *is_cancelled* said so on the
        way (everything published so far is rolled back, as it is on any failure)."""
        with self.store.read() as db:
            last = db.execute(f"SELECT max(rowid) FROM temp.{self.name}").fetchone()[0] or 0
        now = utc_now()
        merges = [
            (attendee_id, {**values, "updated_at": now}) for attendee_id, values in changes.items()
        ]
        run_id = import_runs.start_run(self.store, self.event_id)
        try:
            first, rows = 1, FIRST_ROWS
            while first <= last:
                started = time.perf_counter()
                import_runs.publish_rows(self.store, run_id, self.name, first, first + rows - 1)
                first += rows
                took = max(time.perf_counter() - started, 1e-4)
                rows = min(max(int(rows * TARGET_SECONDS / took), FEWEST_ROWS), MOST_ROWS)
                time.sleep(max(PAUSE_SECONDS, took * PAUSE_SHARE))
                if is_cancelled and is_cancelled():
                    import_runs.roll_back(self.store, run_id)
                    return False
            for start in range(0, len(merges), MERGE_ROWS):
                import_runs.apply_changes(self.store, run_id, merges[start : start + MERGE_ROWS])
            import_runs.mark_done(self.store, run_id)  # the import is complete from here on
        except BaseException:
            try:
                import_runs.roll_back(self.store, run_id)
            except Exception:  # the next start rolls it back (its heartbeat has stopped)
                log.exception("rolling back import run %s failed", run_id)
            raise
        try:
            import_runs.forget(self.store, run_id)
        except Exception:  # only notes are left; the next start clears them
            log.exception("clearing the notes of import run %s failed", run_id)
        return True

    def drop(self) -> None:
        """Forget the staged rows (after publishing, or instead of it), emptying the table
        in short steps first: dropping 50,000 rows at once holds the writer ~40 ms."""
        while True:
            with self.store.transaction() as db:
                exists = db.execute(
                    "SELECT 1 FROM sqlite_temp_master WHERE name = ?", [self.name]
                ).fetchone()
                gone = (
                    db.execute(
                        f"DELETE FROM temp.{self.name} WHERE rowid IN "
                        f"(SELECT rowid FROM temp.{self.name} LIMIT ?)",
                        [DROP_ROWS],
                    ).rowcount
                    if exists
                    else 0
                )
            if gone < DROP_ROWS:
                break
        with self.store.transaction() as db:
            db.execute(f"DROP TABLE IF EXISTS temp.{self.name}")
