"""Check-in: a scan becomes a verdict, and an admitted person is on disk before it shows.

``checkins`` is the log (every entry, exit, and group admission, with its desk and an
``undone_at`` when undone); ``presence`` is derived from it, one row per person who came,
so a scan needs only indexed single-row reads. :class:`CheckInDesk` is one desk's session:
it keeps the event's public keys and the last few codes (the same code again within a few
seconds is ignored quietly). Verdict wording lives in :mod:`mscd_desktop.core.verdicts`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, datetime

import sqlite_utils

from mscd_desktop.core import tickets as tk
from mscd_desktop.core import verdicts as vd
from mscd_desktop.core.attendees import Attendee, attendee_from_row, search_attendees
from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.ids import new_id, utc_now
from mscd_desktop.core.store import Store
from mscd_desktop.core.verdicts import Counters, Verdict
from mscd_desktop.i18n import _

JUST_SCANNED_SECONDS = 5.0


def _create_tables(db: sqlite_utils.Database) -> None:
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


MIGRATIONS = [_create_tables]


# -- writing ---------------------------------------------------------------------------


def _record(
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
    """Log entries/exits for *attendee_ids* as one batch and update their presence."""
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


def _rebuild_presence(db: sqlite_utils.Database, attendee_id: str) -> None:
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


def _presence(db: sqlite_utils.Database, attendee_id: str) -> tuple | None:
    return db.execute(
        "SELECT inside, first_in_at, first_desk, last_at, last_desk "
        "FROM presence WHERE attendee_id = ?",
        [attendee_id],
    ).fetchone()


def _attendee(db: sqlite_utils.Database, attendee_id: str | None) -> Attendee | None:
    if attendee_id is None:
        return None
    cursor = db.execute("SELECT * FROM attendees WHERE id = ?", [attendee_id])
    row = cursor.fetchone()
    if row is None:
        return None
    return attendee_from_row(dict(zip([c[0] for c in cursor.description], row, strict=True)))


def _group_label(db: sqlite_utils.Database, group_id: str | None) -> str | None:
    if not group_id:
        return None
    row = db.execute(
        "SELECT school, class_name FROM school_groups WHERE id = ?", [group_id]
    ).fetchone()
    return f"{row[1]}, {row[0]}" if row else None


def _seconds_since(stamp: str, now: float) -> float:
    return now - datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


# -- the desk --------------------------------------------------------------------------


class CheckInDesk:
    """One desk's check-in session for one event (any thread; writes are serialised)."""

    def __init__(
        self,
        store: Store,
        event_id: str,
        desk: str = "",
        today: Callable[[], date] = date.today,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.event_id = event_id
        self.desk = desk
        self._today = today
        self._clock = clock
        self._wall = wall
        self._keyring = tk.load_keyring(store)
        self._recent: dict[str, float] = {}

    # scans -------------------------------------------------------------------------------

    def scan(self, text: str, *, mode: str = "in") -> Verdict:
        """Read *text* from a scanner (or typed short code) and admit (or let out) its owner.

        The check-in is committed to disk before the verdict is returned.
        """
        check = tk.verify_text(text, self._keyring, self.event_id, self._today())
        if check.status in ("other_event", "forged") and check.payload is not None:
            self._keyring = tk.load_keyring(self.store)  # a key made since we loaded
            check = tk.verify_text(text, self._keyring, self.event_id, self._today())
        key = check.code or text.strip()
        now = self._clock()
        last = self._recent.get(key)
        self._recent = {k: t for k, t in self._recent.items() if now - t < JUST_SCANNED_SECONDS}
        self._recent[key] = now
        if last is not None and now - last < JUST_SCANNED_SECONDS:
            return Verdict(vd.JUST_SCANNED, "repeat")
        return self._verdict_for(check, mode)

    def _verdict_for(self, check: tk.CodeCheck, mode: str) -> Verdict:
        if check.status == "misread":
            return Verdict(vd.MISREAD, "check_digit")
        if check.status == "other_event":
            return vd.other_event(self.store, check.event_id, check.payload)
        if check.status == "forged" and check.payload is None:
            return Verdict(vd.FORGED, "unreadable")  # not even shaped like a ticket
        with self.store.transaction() as db:
            if check.status == "short_code":
                row = _ticket_by_short_code(db, check.code)
                if row is None or row["event_id"] != self.event_id:
                    return (
                        vd.other_event(self.store, row["event_id"], None)
                        if row
                        else Verdict(vd.FORGED, "unknown_code")
                    )
            elif check.status in ("forged", "outside_validity", "valid"):
                row = _ticket_by_number(db, self.event_id, check.payload)
                if check.status == "forged":
                    if row is not None and row["code"] == check.code:  # ours, key withdrawn
                        return Verdict(
                            vd.CANCELLED, "key_retired", attendee=_attendee(db, row["attendee_id"])
                        )
                    altered = row is not None
                    return Verdict(vd.FORGED, "altered" if altered else "forged")
                if row is None:
                    return Verdict(vd.FORGED, "unknown_ticket")
            else:
                return Verdict(vd.FORGED, "unreadable")
            if row["status"] != "active":
                return Verdict(
                    vd.CANCELLED,
                    "replaced" if row["replaced_by"] else "revoked",
                    attendee=_attendee(db, row["attendee_id"]),
                )
            if check.status == "outside_validity":
                return Verdict(
                    vd.OUTSIDE_VALIDITY,
                    "dates",
                    attendee=_attendee(db, row["attendee_id"]),
                    valid_from=row["valid_from"],
                    valid_days=row["valid_days"],
                )
            method = "code" if check.status == "short_code" else "scan"
            if row["group_id"]:
                return self._admit_group(db, row["group_id"], row["id"], method)
            return self._admit(db, row["attendee_id"], row["id"], method, mode)

    def _admit(
        self,
        db: sqlite_utils.Database,
        attendee_id: str,
        ticket_id: str | None,
        method: str,
        mode: str = "in",
    ) -> Verdict:
        attendee = _attendee(db, attendee_id)
        if attendee is None:
            return Verdict(vd.FORGED, "unknown_ticket")
        group = _group_label(db, attendee.group_id)
        state = _presence(db, attendee_id)
        if mode == "out":
            if state is None or not state[0]:
                return Verdict(vd.NOT_INSIDE, "not_inside", attendee=attendee, group=group)
            batch = _record(
                db,
                self.event_id,
                [attendee_id],
                kind="out",
                desk=self.desk,
                method=method,
                ticket_id=ticket_id,
            )
            return Verdict(vd.CHECKED_OUT, "out", attendee=attendee, group=group, batch_id=batch)
        if state is not None and state[0]:
            recent = _seconds_since(state[3], self._wall()) < JUST_SCANNED_SECONDS
            if state[4] == self.desk and recent:
                return Verdict(vd.JUST_SCANNED, "repeat", attendee=attendee, group=group)
            return Verdict(
                vd.ALREADY,
                "already",
                attendee=attendee,
                group=group,
                first_at=state[1],
                first_desk=state[2],
            )
        batch = _record(
            db,
            self.event_id,
            [attendee_id],
            kind="in",
            desk=self.desk,
            method=method,
            ticket_id=ticket_id,
        )
        return Verdict(
            vd.VALID,
            "reentry" if state else "first",
            attendee=attendee,
            group=group,
            batch_id=batch,
            admitted=1,
        )

    def _admit_group(
        self, db: sqlite_utils.Database, group_id: str, ticket_id: str | None, method: str
    ) -> Verdict:
        members = db.execute(
            "SELECT a.id FROM attendees a LEFT JOIN presence p ON p.attendee_id = a.id "
            "WHERE a.group_id = ? AND coalesce(p.inside, 0) = 0 ORDER BY a.role = 'pupil', "
            "a.name_fold",
            [group_id],
        ).fetchall()
        total = db.execute(
            "SELECT count(*) FROM attendees WHERE group_id = ?", [group_id]
        ).fetchone()[0]
        label = _group_label(db, group_id)
        if not members:
            return Verdict(vd.ALREADY, "group_inside", group=label, group_size=total)
        batch = _record(
            db,
            self.event_id,
            [m[0] for m in members],
            kind="in",
            desk=self.desk,
            method=method,
            ticket_id=ticket_id,
            group_id=group_id,
        )
        return Verdict(
            vd.VALID, "group", group=label, group_size=total, batch_id=batch, admitted=len(members)
        )

    # manual actions ----------------------------------------------------------------------

    def check_in_attendee(self, attendee_id: str) -> Verdict:
        """Admit someone found by name (the fallback when a code will not scan)."""
        with self.store.transaction() as db:
            return self._admit(db, attendee_id, None, "search")

    def check_out(self, attendee_id: str) -> Verdict:
        """Record that someone left."""
        with self.store.transaction() as db:
            return self._admit(db, attendee_id, None, "search", mode="out")

    def check_in_group(self, group_id: str) -> Verdict:
        """Admit every member of a school class not already inside, in one action."""
        with self.store.transaction() as db:
            if (
                db.execute(
                    "SELECT 1 FROM school_groups WHERE id = ? AND event_id = ?",
                    [group_id, self.event_id],
                ).fetchone()
                is None
            ):
                raise NotFoundError(
                    _("There is no school group with id {id} in this event.").format(id=group_id)
                )
            return self._admit_group(db, group_id, None, "group")

    def undo_last(self) -> int:
        """Undo this desk's latest check-in (a whole class for a group); returns how many
        people it took back out of the count (0 when there was nothing to undo)."""
        with self.store.transaction() as db:
            row = db.execute(
                "SELECT batch_id FROM checkins WHERE event_id = ? AND desk = ? AND kind = 'in' "
                "AND undone_at IS NULL ORDER BY id DESC LIMIT 1",
                [self.event_id, self.desk],
            ).fetchone()
            if row is None:
                return 0
            people = [
                r[0]
                for r in db.execute("SELECT attendee_id FROM checkins WHERE batch_id = ?", [row[0]])
            ]
            now = utc_now()
            db.execute(
                "UPDATE checkins SET undone_at = ?, updated_at = ? WHERE batch_id = ?",
                [now, now, row[0]],
            )
            for attendee_id in people:
                _rebuild_presence(db, attendee_id)
        self._recent.clear()
        return len(people)

    def search(self, text: str, limit: int = 20) -> list[tuple[Attendee, bool]]:
        """People whose name matches *text*, each with whether they are inside now."""
        found = search_attendees(self.store, self.event_id, text, limit)
        with self.store.read() as db:
            return [(a, bool((_presence(db, a.id) or (0,))[0])) for a in found]

    def counters(self) -> Counters:
        """Checked in / registered / inside, overall and by audience."""
        return counters(self.store, self.event_id)


def _ticket_by_number(db: sqlite_utils.Database, event_id: str, payload) -> dict | None:
    if payload is None:
        return None
    cursor = db.execute(
        "SELECT * FROM tickets WHERE event_id = ? AND ticket_no = ?", [event_id, payload.ticket_no]
    )
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None


def _ticket_by_short_code(db: sqlite_utils.Database, digits: str) -> dict | None:
    formatted = f"{digits[:-4]}-{digits[-4:-1]}-{digits[-1]}"
    cursor = db.execute(
        "SELECT * FROM tickets WHERE short_code = ? ORDER BY status = 'active' DESC LIMIT 1",
        [formatted],
    )
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None


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


def add_demo_checkins(store: Store, event: object) -> None:
    """Demo data: tickets for everyone, a dozen adults and the first class already in."""
    from mscd_desktop.core.attendees import list_attendees, list_groups

    tk.issue_missing_tickets(store, event.id)
    with store.read() as db:
        if db.execute("SELECT 1 FROM checkins WHERE event_id = ? LIMIT 1", [event.id]).fetchone():
            return
    desk = CheckInDesk(store, event.id, "B")
    adults = [a for a in list_attendees(store, event.id) if a.role == "adult"]
    for person in adults[:12]:
        desk.check_in_attendee(person.id)
    groups = list_groups(store, event.id)
    if groups:
        desk.check_in_group(groups[0].id)
