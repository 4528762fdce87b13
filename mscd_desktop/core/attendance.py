"""Who came: each attendee with their check-in state, read in one pass for lists and exports.

Check-in (:mod:`mscd_desktop.core.checkin`) keeps one ``presence`` row per person who came:
first entry time and desk, whether they are inside now. This module reads it beside the
attendee records and school groups, for ``attendees list``, the attendance export, the
reach report and the certificates. Times are stored in UTC and shown in the laptop's local
time, like the rest of the day.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from mscd_desktop.core.attendees import Attendee, attendee_from_row, list_groups
from mscd_desktop.core.store import Store


def local_time(utc_stamp: str) -> datetime:
    """A stored UTC stamp (``2026-11-25T09:42:01.123Z``) as an aware local datetime."""
    return datetime.fromisoformat(utc_stamp.replace("Z", "+00:00")).astimezone()


def local_iso(utc_stamp: str | None) -> str:
    """A stored UTC stamp in local ISO 8601 time to the second, with the offset
    (``2026-11-25T10:42:01+01:00``); '' for None."""
    return local_time(utc_stamp).isoformat(timespec="seconds") if utc_stamp else ""


@dataclass(frozen=True)
class Presence:
    """One person's check-in state: first entry (UTC stamp and desk), inside now or not."""

    attendee_id: str
    first_in_at: str
    first_desk: str
    inside: bool
    last_at: str

    @property
    def checked_out(self) -> bool:
        """Whether the person left (checked out after their last entry)."""
        return not self.inside

    def as_dict(self) -> dict:
        """The check-in fields of ``attendees list --json``."""
        return {
            "checked_in": True,
            "first_checkin_at": local_iso(self.first_in_at),
            "desk": self.first_desk,
            "checked_out": self.checked_out,
        }


NOT_CHECKED_IN = {"checked_in": False, "first_checkin_at": None, "desk": None, "checked_out": False}


def _presence_rows(db: sqlite_utils.Database, event_id: str) -> dict[str, Presence]:
    rows = db.execute(
        "SELECT attendee_id, first_in_at, first_desk, inside, last_at FROM presence "
        "WHERE event_id = ?",
        [event_id],
    ).fetchall()
    return {r[0]: Presence(r[0], r[1], r[2] or "", bool(r[3]), r[4]) for r in rows}


def presence_by_attendee(store: Store, event_id: str) -> dict[str, Presence]:
    """Everyone of the event who checked in (and was not undone), by attendee id."""
    with store.read() as db:
        return _presence_rows(db, event_id)


@dataclass(frozen=True)
class AttendanceRecord:
    """An attendee, their check-in state (None: never came) and their class, if any."""

    attendee: Attendee
    presence: Presence | None
    group_label: str  # "6.º B, CEIP Torrelago", or ''

    @property
    def checked_in(self) -> bool:
        """Whether the person came."""
        return self.presence is not None


def attendance_records(
    store: Store, event_id: str, group_id: str | None = None
) -> list[AttendanceRecord]:
    """Every attendee of the event (or of one school group) with their check-in state, by
    name (one read)."""
    labels = {g.id: f"{g.class_name}, {g.school}" for g in list_groups(store, event_id)}
    where, params = "event_id = ?", [event_id]
    if group_id is not None:
        where, params = where + " AND group_id = ?", [*params, group_id]
    with store.read() as db:
        presence = _presence_rows(db, event_id)
        cursor = db.execute(f"SELECT * FROM attendees WHERE {where} ORDER BY name_fold, id", params)
        columns = [c[0] for c in cursor.description]
        people = [attendee_from_row(dict(zip(columns, row, strict=True))) for row in cursor]
    return [
        AttendanceRecord(p, presence.get(p.id), labels.get(p.group_id or "", "")) for p in people
    ]


def arrivals_by_hour(store: Store, event_id: str) -> dict[int, int]:
    """How many people first came in each local hour of the day (0-23), hours with
    arrivals only, in order."""
    counts = Counter(
        local_time(p.first_in_at).hour for p in presence_by_attendee(store, event_id).values()
    )
    return dict(sorted(counts.items()))
