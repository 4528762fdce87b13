"""Check-in: a scan becomes a verdict, and an admitted person is on disk before it shows.

:class:`CheckInDesk` is one desk's session for one event, used alike by the screen and the
CLI. It splits scans that arrived joined, reads each (a full QR code or a typed short code:
one path, every check), commits the check-in and returns the
:class:`~mscd_desktop.core.verdicts.Verdict`. It also admits walk-ins (issuing their ticket
first), whole classes and people found by name, and undoes and redoes. The same code again
within a few seconds is ignored quietly. The log and presence tables are written through
:mod:`mscd_desktop.core.presence`; verdict wording is in :mod:`mscd_desktop.core.verdicts`.
"""

from __future__ import annotations

import math
import sqlite3
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime

import sqlite_utils

from mscd_desktop.core import presence as pr
from mscd_desktop.core import short_codes
from mscd_desktop.core import ticket_checks as checks
from mscd_desktop.core import ticket_codes as tc
from mscd_desktop.core import tickets as tk
from mscd_desktop.core import verdicts as vd
from mscd_desktop.core.attendees import Attendee, attendee_from_row, search_attendees
from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.events import Event
from mscd_desktop.core.outcomes import Outcome, Reason
from mscd_desktop.core.presence import Undone, checked_in_ids, counters
from mscd_desktop.core.store import Store
from mscd_desktop.core.ticket_keys import load_keyring
from mscd_desktop.core.verdicts import Counters, Verdict
from mscd_desktop.i18n import _

__all__ = ["CheckInDesk", "Undone", "add_demo_checkins", "checked_in_ids", "counters"]

JUST_SCANNED_SECONDS = 5.0


# The check-in log, then the guard against guessed short codes and stronger short codes.
MIGRATIONS = [pr.create_tables, short_codes.create_guard_table, short_codes.strengthen]


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


def _row(cursor: sqlite3.Cursor) -> dict | None:
    row = cursor.fetchone()
    return dict(zip([c[0] for c in cursor.description], row, strict=True)) if row else None


def _seconds_since(stamp: str, now: float) -> float:
    return now - datetime.fromisoformat(stamp.replace("Z", "+00:00")).timestamp()


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
        self._keyring = load_keyring(store)
        self._recent: dict[str, tuple[float, Outcome]] = {}

    # scans -------------------------------------------------------------------------------

    def scan_each(self, text: str, *, mode: str = "in") -> Iterator[Verdict]:
        """Check in (or out) every code in *text*: two fast scans can arrive run together.
        Yields one verdict per code, each committed before it is yielded."""
        for part in tc.split_joined_scans(text):
            yield self.scan(part, mode=mode)

    def scan(self, text: str, *, mode: str = "in") -> Verdict:
        """Read *text* from a scanner (or a typed short code) and admit (or let out) its
        owner. The check-in is committed to disk before the verdict is returned."""
        check = self._check(text)
        key = check.code or text.strip()
        now = self._clock()
        self._recent = {
            k: seen for k, seen in self._recent.items() if now - seen[0] < JUST_SCANNED_SECONDS
        }
        if key in self._recent:
            return Verdict(Outcome.JUST_SCANNED, Reason.REPEAT, repeat_of=self._recent[key][1])
        verdict = self._verdict_for(check, mode)
        self._recent[key] = (now, verdict.repeat_of or verdict.status)
        return verdict

    def _check(self, text: str) -> checks.CodeCheck:
        check = checks.check_scan(text, self._keyring, self.event_id, self._today())
        if self._maybe_stale(check):
            self._keyring = load_keyring(self.store)  # a key or an event made since we loaded
            check = checks.check_scan(text, self._keyring, self.event_id, self._today())
        return check

    def _check_code(self, digits: str) -> checks.CodeCheck:
        check = checks.check_code(digits, self._keyring, self.event_id, self._today())
        if self._maybe_stale(check):
            self._keyring = load_keyring(self.store)
            check = checks.check_code(digits, self._keyring, self.event_id, self._today())
        return check

    @staticmethod
    def _maybe_stale(check: checks.CodeCheck) -> bool:
        """Whether the keys this desk loaded may be too old to judge *check*."""
        return check.payload is not None and (
            check.outcome == Outcome.FORGED
            or (check.outcome == Outcome.OTHER_EVENT and check.event_id is None)
        )

    def _verdict_for(self, check: checks.CodeCheck, mode: str) -> Verdict:
        if check.outcome in (Outcome.MISREAD, Outcome.UNREADABLE):
            return Verdict(check.outcome, check.reason or Reason.UNREADABLE)
        if check.outcome == Outcome.OTHER_EVENT:
            return vd.other_event(self.store, check.event_id)
        with self.store.transaction() as db:
            method = "scan"
            row: dict | None
            if check.is_short_code:
                found = self._short_code(db, check)
                if isinstance(found, Verdict):
                    return found
                check, row, method = *found, "code"
            elif check.payload is None:  # pragma: no cover - every signed outcome has one
                return Verdict(Outcome.UNREADABLE, Reason.UNREADABLE)
            else:
                row = _row(
                    db.execute(
                        "SELECT * FROM tickets WHERE event_id = ? AND ticket_no = ?",
                        [self.event_id, check.payload.ticket_no],
                    )
                )
            return self._ticket_verdict(db, check, row, method, mode)

    def _short_code(
        self, db: sqlite_utils.Database, check: checks.CodeCheck
    ) -> Verdict | tuple[checks.CodeCheck, dict]:
        """The ticket a typed short code names, with its full code checked as if scanned;
        or the verdict when it names none (counted against guessing) or codes are paused."""
        paused = short_codes.paused_for(db, self.event_id, self.desk, self._wall())
        if paused:
            return Verdict(Outcome.LOCKED_OUT, Reason.CODES_PAUSED, wait_seconds=math.ceil(paused))
        for digits in check.short_readings:
            rows = db.execute(
                "SELECT * FROM tickets WHERE short_code = ? ORDER BY event_id = ? DESC, "
                "status = 'active' DESC",
                [short_codes.formatted(digits), self.event_id],
            )
            row = _row(rows)
            if row is not None and row["event_id"] != self.event_id:
                return vd.other_event(self.store, row["event_id"])
            if row is not None:
                return self._check_code(row["code"]), row
        pause = short_codes.record_failures(
            db, self.event_id, self.desk, self._wall(), len(check.short_readings)
        )
        if pause:
            return Verdict(
                Outcome.LOCKED_OUT, Reason.TOO_MANY_WRONG_CODES, wait_seconds=math.ceil(pause)
            )
        return Verdict(Outcome.FORGED, Reason.UNKNOWN_CODE)

    def _ticket_verdict(
        self,
        db: sqlite_utils.Database,
        check: checks.CodeCheck,
        row: dict | None,
        method: str,
        mode: str,
    ) -> Verdict:
        """Every check of the store, in order, for a code whose signature was checked."""
        holder = _attendee(db, row["attendee_id"]) if row else None
        if check.outcome == Outcome.FORGED:
            if row is not None and row["code"] == check.code:  # ours: its key was withdrawn
                return Verdict(Outcome.CANCELLED, Reason.KEY_RETIRED, attendee=holder)
            reason = Reason.ALTERED if row is not None else Reason.FORGED
            return Verdict(Outcome.FORGED, reason)
        if row is None:
            return Verdict(Outcome.FORGED, Reason.UNKNOWN_TICKET)
        retired = db.execute(
            "SELECT retired_at FROM ticket_keys WHERE event_id = ? AND key_no = ?",
            [self.event_id, row["key_no"]],
        ).fetchone()
        if retired is None or retired[0] is not None:  # withdrawn since this desk started
            return Verdict(Outcome.CANCELLED, Reason.KEY_RETIRED, attendee=holder)
        if row["status"] != "active":
            reason = Reason.REPLACED if row["replaced_by"] else Reason.REVOKED
            return Verdict(Outcome.CANCELLED, reason, attendee=holder)
        if check.outcome == Outcome.OUTSIDE_VALIDITY:
            return Verdict(
                Outcome.OUTSIDE_VALIDITY,
                Reason.DATES,
                attendee=holder,
                valid_from=row["valid_from"],
                valid_days=row["valid_days"],
            )
        if row["group_id"]:
            return self._admit_group(db, row["group_id"], row["id"], method)
        return self._admit(db, row["attendee_id"], row["id"], method, mode)

    def _closed(self, db: sqlite_utils.Database) -> bool:
        row = db.execute("SELECT status FROM events WHERE id = ?", [self.event_id]).fetchone()
        return row is not None and row[0] == "closed"

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
            return Verdict(Outcome.FORGED, Reason.UNKNOWN_TICKET)
        group = _group_label(db, attendee.group_id)
        state = pr.presence_of(db, attendee_id)
        if mode == "out":
            if state is None or not state.inside:
                return Verdict(
                    Outcome.NOT_INSIDE, Reason.NOT_INSIDE, attendee=attendee, group=group
                )
            batch = pr.record(
                db, self.event_id, [attendee_id], kind="out", desk=self.desk, method=method
            )
            return Verdict(
                Outcome.CHECKED_OUT, Reason.OUT, attendee=attendee, group=group, batch_id=batch
            )
        if state is not None and state.inside:
            recent = _seconds_since(state.last_at, self._wall()) < JUST_SCANNED_SECONDS
            if state.last_desk == self.desk and recent:
                return Verdict(
                    Outcome.JUST_SCANNED,
                    Reason.REPEAT,
                    attendee=attendee,
                    group=group,
                    repeat_of=Outcome.VALID,
                )
            return Verdict(
                Outcome.ALREADY,
                Reason.ALREADY,
                attendee=attendee,
                group=group,
                first_at=state.first_in_at,
                first_desk=state.first_desk,
            )
        if self._closed(db):
            return Verdict(Outcome.EVENT_CLOSED, Reason.EVENT_CLOSED, attendee=attendee)
        batch = pr.record(
            db,
            self.event_id,
            [attendee_id],
            kind="in",
            desk=self.desk,
            method=method,
            ticket_id=ticket_id,
        )
        return Verdict(
            Outcome.VALID,
            Reason.REENTRY if state else Reason.FIRST,
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
            return Verdict(Outcome.ALREADY, Reason.GROUP_INSIDE, group=label, group_size=total)
        if self._closed(db):
            return Verdict(Outcome.EVENT_CLOSED, Reason.EVENT_CLOSED, group=label)
        batch = pr.record(
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
            Outcome.VALID,
            Reason.GROUP,
            group=label,
            group_size=total,
            batch_id=batch,
            admitted=len(members),
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
            self._own_group(db, group_id)
            return self._admit_group(db, group_id, None, "group")

    def admit_walk_in(self, attendee_id: str) -> Verdict:
        """A walk-in just registered at the desk: give them a ticket and check them in, in
        one transaction (the badge can be printed afterwards)."""
        with self.store.transaction() as db:
            tk.issue_tickets_in(db, self.event_id, attendee_ids=(attendee_id,))
            ticket = db.execute(
                "SELECT id FROM tickets WHERE attendee_id = ? AND group_id IS NULL "
                "AND status = 'active'",
                [attendee_id],
            ).fetchone()
            return self._admit(db, attendee_id, ticket[0] if ticket else None, "walk_in")

    def ticket_group(self, group_id: str) -> int:
        """A class just registered at the desk: tickets for it and each member (it is
        checked in when it arrives). Returns how many tickets were issued."""
        with self.store.transaction() as db:
            self._own_group(db, group_id)
            return tk.issue_tickets_in(db, self.event_id, group_id=group_id)

    def _own_group(self, db: sqlite_utils.Database, group_id: str) -> None:
        found = db.execute(
            "SELECT 1 FROM school_groups WHERE id = ? AND event_id = ?",
            [group_id, self.event_id],
        ).fetchone()
        if found is None:
            raise NotFoundError(
                _("There is no school group with id {id} in this event.").format(id=group_id)
            )

    def undo_last(self) -> Undone | None:
        """Undo this desk's latest check-in (a whole class for a group); None when there
        was nothing to undo."""
        with self.store.transaction() as db:
            undone = pr.undo_latest(db, self.event_id, self.desk)
        self._recent.clear()
        return undone

    def redo(self, undone: Undone) -> Undone:
        """Let an undone check-in stand again."""
        with self.store.transaction() as db:
            return pr.redo(db, undone.batch_id)

    def search(self, text: str, limit: int = 20) -> list[tuple[Attendee, bool]]:
        """People whose name matches *text*, each with whether they are inside now."""
        found = search_attendees(self.store, self.event_id, text, limit)
        with self.store.read() as db:
            states = [pr.presence_of(db, a.id) for a in found]
        return [(a, bool(s and s.inside)) for a, s in zip(found, states, strict=True)]

    def counters(self) -> Counters:
        """Checked in / registered / inside, overall and by audience."""
        return counters(self.store, self.event_id)


def add_demo_checkins(store: Store, event: Event) -> None:
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
