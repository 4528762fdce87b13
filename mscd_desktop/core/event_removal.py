"""Deleting an event and everything recorded for it, never while the hub still waits.

The delete is refused while any of the event's records is not acknowledged by the hub
(:func:`mscd_desktop.core.sync.guards.refuse_while_unsynced`), unless the caller says
explicitly that the unsynced records may go. What the hub already has stays there: a
deleted event sends no withdrawals, the cluster keeps counting it.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from mscd_desktop.core.events import CURRENT_EVENT_KEY, get_event
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync.guards import refuse_while_unsynced
from mscd_desktop.core.sync.outbox import TABLE
from mscd_desktop.i18n import _


@dataclass(frozen=True)
class EventDeleted:
    """What deleting an event removed."""

    event_id: str
    name: str
    rows_deleted: int

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return dict(self.__dict__)


def _columns(db: sqlite_utils.Database, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info('{table}')").fetchall()}


def delete_event(store: Store, event_id: str, *, discard_unsynced: bool = False) -> EventDeleted:
    """Delete the event and every row that belongs to it, in one transaction.

    Raises UnsyncedRecordsError (nothing deleted) while records wait for the hub, unless
    *discard_unsynced*.
    """
    event = get_event(store, event_id)
    if not discard_unsynced:
        refuse_while_unsynced(
            store,
            event_id,
            _("To delete it anyway and lose them, add --discard-unsynced."),
        )
    deleted = 0
    with store.transaction() as db:
        db.execute("PRAGMA defer_foreign_keys = ON")
        tables = [t for t in db.table_names() if t not in ("events", TABLE)]
        by_event = {t for t in tables if "event_id" in _columns(db, t)}
        # rows reached only through a row of the event (a game's answers)
        for table in sorted(set(tables) - by_event):
            for row in db.execute(f"PRAGMA foreign_key_list('{table}')").fetchall():
                parent, column, parent_column = row[2], row[3], row[4] or "id"
                if parent in by_event:
                    deleted += db.execute(
                        f"DELETE FROM {table} WHERE {column} IN (SELECT {parent_column} "
                        f"FROM {parent} WHERE event_id = ?)",
                        [event_id],
                    ).rowcount
        for table in sorted(by_event):
            deleted += db.execute(f"DELETE FROM {table} WHERE event_id = ?", [event_id]).rowcount
        deleted += db.execute("DELETE FROM events WHERE id = ?", [event_id]).rowcount
        # last: the triggers noted every delete above; none of it is to be sent
        db.execute(f"DELETE FROM {TABLE} WHERE event_id = ?", [event_id])
        db.execute(
            "DELETE FROM app_state WHERE key = ? AND value = ?", [CURRENT_EVENT_KEY, event_id]
        )
    return EventDeleted(event.id, event.name, deleted)
