"""The check-in log and who is inside: written by the desk, read by counters and reports.

``checkins`` is the log (every entry, exit and group admission, with its desk and an
``undone_at`` when undone); ``presence`` is derived from it, one row per person who came,
so a scan needs only indexed single-row reads. :func:`create_tables` is a step of
:mod:`mscd_desktop.core.checkin`'s migrations.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from mscd_desktop.core.ids import new_id, utc_now
from mscd_desktop.core.store import Store
from mscd_desktop.core.verdicts import Counters


def create_tables(db: sqlite_utils.Database) -> None:
    """Migration step: the ``checkins`` log and ``presence``."""
    db.execute("""
        CREATE TABLE checkins (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id),
            attendee_id TEXT NOT NULL REFERENCES attendees(id),
            ticket_id TEXT REFERENCES tickets(id),
            group_id TEXT REFERENCES school_groups(id),
            kind TEXT NOT NULL CHECK (kind IN ('in', 'out')),
            desk TEXT NOT NULL DEFAULT '',
            method TEXT NOT NULL,
            batch_id TEXT NOT NULL,
            undone_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX idx_checkins_attendee ON checkins(attendee_id)")
    db.execute("CREATE INDEX idx_checkins_batch ON checkins(batch_id)")
    db.execute("CREATE INDEX idx_checkins_event_desk ON checkins(event_id, desk, id)")
    db.execute("""
        CREATE TABLE presence (
            attendee_id TEXT PRIMARY KEY REFERENCES attendees(id),
            event_id TEXT NOT NULL REFERENCES events(id),
            inside INTEGER NOT NULL,
            first_in_at TEXT NOT NULL,
            first_desk TEXT NOT NULL,
            last_at TEXT NOT NULL,
            last_desk TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX idx_presence_event ON presence(event_id, inside)")
    # covers the live "registered by audience" count without reading 50,000 rows
    db.execute("CREATE INDEX idx_checkin_attendees_audience ON attendees(event_id, audience)")


@dataclass(frozen=True)
class Presence:
    """Whether someone is inside, and when and where they first and last came or went."""

    inside: bool
    first_in_at: str
    first_desk: str
    last_at: str
    last_desk: str


@dataclass(frozen=True)
class Undone:
    """A desk's check-in that was taken back (a whole class for a group check-in)."""

    batch_id: str
    names: tuple[str, ...]
    group: str | None = None  # "5º A, CEIP Torrelago" for a whole class

    @property
    def count(self) -> int:
        """How many people it took back out of the count."""
        return len(self.names)


def record(
    db: sqlite_utils.Database,
    event_id: str,
    attendee_ids: list[str],
    *,
    kind: str,
    desk: str,
    method: str,
    ticket_id: str | None = None,
    group_id: str | None = None,
) -> str:
    """Log entries (``kind`` in) or exits (out) for *attendee_ids* as one batch and update
    their presence; returns the batch id."""
    batch = new_id()
    now = utc_now()
    for attendee_id in attendee_ids:
        db.execute(
            "INSERT INTO checkins (id, event_id, attendee_id, ticket_id, group_id, kind, desk, "
            "method, batch_id, undone_at, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)",
            [
                new_id(),
                event_id,
                attendee_id,
                ticket_id,
                group_id,
                kind,
                desk,
                method,
                batch,
                now,
                now,
            ],
        )
        if kind == "in":
            db.execute(
                "INSERT INTO presence (attendee_id, event_id, inside, first_in_at, first_desk, "
                "last_at, last_desk) VALUES (?, ?, 1, ?, ?, ?, ?) ON CONFLICT(attendee_id) "
                "DO UPDATE SET inside = 1, last_at = excluded.last_at, "
                "last_desk = excluded.last_desk",
                [attendee_id, event_id, now, desk, now, desk],
            )
        else:
            db.execute(
                "UPDATE presence SET inside = 0, last_at = ?, last_desk = ? WHERE attendee_id = ?",
                [now, desk, attendee_id],
            )
    return batch


def rebuild(db: sqlite_utils.Database, attendee_id: str) -> None:
    """Derive *attendee_id*'s presence again from the log entries that stand."""
    rows = db.execute(
        "SELECT event_id, kind, desk, created_at FROM checkins WHERE attendee_id = ? "
        "AND undone_at IS NULL ORDER BY id",
        [attendee_id],
    ).fetchall()
    db.execute("DELETE FROM presence WHERE attendee_id = ?", [attendee_id])
    entries = [r for r in rows if r[1] == "in"]
    if not entries:
        return
    last = rows[-1]
    db.execute(
        "INSERT INTO presence (attendee_id, event_id, inside, first_in_at, first_desk, "
        "last_at, last_desk) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            attendee_id,
            last[0],
            int(last[1] == "in"),
            entries[0][3],
            entries[0][2],
            last[3],
            last[2],
        ],
    )


def presence_of(db: sqlite_utils.Database, attendee_id: str) -> Presence | None:
    """Where *attendee_id* stands, or None if they never came (or every entry was undone)."""
    row = db.execute(
        "SELECT inside, first_in_at, first_desk, last_at, last_desk "
        "FROM presence WHERE attendee_id = ?",
        [attendee_id],
    ).fetchone()
    return Presence(bool(row[0]), *row[1:]) if row else None


def undo_latest(db: sqlite_utils.Database, event_id: str, desk: str) -> Undone | None:
    """Take back *desk*'s latest standing entry batch; None when there is none."""
    row = db.execute(
        "SELECT batch_id FROM checkins WHERE event_id = ? AND desk = ? AND kind = 'in' "
        "AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
        [event_id, desk],
    ).fetchone()
    if row is None:
        return None
    return _set_undone(db, row[0], utc_now())


def redo(db: sqlite_utils.Database, batch_id: str) -> Undone:
    """Let an undone batch stand again (the "Redo" after an undo)."""
    return _set_undone(db, batch_id, None)


def _set_undone(db: sqlite_utils.Database, batch_id: str, stamp: str | None) -> Undone:
    people = db.execute(
        "SELECT c.attendee_id, a.name, g.class_name || ', ' || g.school FROM checkins c "
        "JOIN attendees a ON a.id = c.attendee_id "
        "LEFT JOIN school_groups g ON g.id = c.group_id WHERE c.batch_id = ? ORDER BY c.id",
        [batch_id],
    ).fetchall()
    db.execute(
        "UPDATE checkins SET undone_at = ?, updated_at = ? WHERE batch_id = ?",
        [stamp, utc_now(), batch_id],
    )
    for attendee_id, _name, _group in people:
        rebuild(db, attendee_id)
    group = people[0][2] if people else None
    return Undone(batch_id, tuple(name for _id, name, _group in people), group)


def counters(store: Store, event_id: str) -> Counters:
    """Checked in / registered / inside, overall and by audience."""
    with store.read() as db:
        registered = dict(
            db.execute(
                "SELECT coalesce(audience, ''), count(*) FROM attendees WHERE event_id = ? "
                "GROUP BY 1",
                [event_id],
            ).fetchall()
        )
        came = {
            aud: (checked, inside)
            for aud, checked, inside in db.execute(
                "SELECT coalesce(a.audience, ''), count(*), sum(p.inside) FROM presence p "
                "JOIN attendees a ON a.id = p.attendee_id WHERE p.event_id = ? GROUP BY 1",
                [event_id],
            ).fetchall()
        }
    by_audience = {
        aud: (came.get(aud, (0, 0))[0], count, came.get(aud, (0, 0))[1])
        for aud, count in sorted(registered.items())
    }
    return Counters(
        registered=sum(registered.values()),
        checked_in=sum(v[0] for v in came.values()),
        inside=sum(v[1] for v in came.values()),
        by_audience=by_audience,
    )


def checked_in_ids(store: Store, event_id: str) -> set[str]:
    """Ids of everyone with a standing (not undone) check-in."""
    with store.read() as db:
        return {
            r[0]
            for r in db.execute("SELECT attendee_id FROM presence WHERE event_id = ?", [event_id])
        }


def change_count(store: Store) -> int:
    """A number that changes whenever another connection (the CLI, another app) commits to
    the store: SQLite's ``PRAGMA data_version``, one cheap call to poll on a timer."""
    with store.read() as db:
        version: int = db.execute("PRAGMA data_version").fetchone()[0]
    return version
