"""One person's data on request (GDPR Art. 15 and 17): export it all, or erase it.

A person is an attendee. The export gathers every row about them (registration, school
group, tickets, check-ins, kiosk games and answers) and what of it left the laptop. Erasing
deletes those rows in one transaction; for whatever the hub already acknowledged, the
outbox triggers queue a withdrawal (``{"withdrawn": true}``, docs/sync-protocol.md) so the
hub forgets them too, and the outbox's own copies of what was sent are blanked.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import sqlite_utils

from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.ids import utc_now
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync.outbox import PENDING, QUARANTINED, SENT, TABLE
from mscd_desktop.i18n import _

_INTERNAL = ("name_fold", "organisation_fold")
# tables whose rows about the person are handled by name; any other table that refers to
# an attendee by a foreign key loses its rows about them too
_HANDLED = {
    "attendees",
    "checkins",
    "presence",
    "tickets",
    "school_groups",
    "certificates",
    TABLE,
}


@dataclass(frozen=True)
class Erasure:
    """What erasing a person did."""

    attendee_id: str
    rows_deleted: int
    withdrawals_queued: int

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return dict(self.__dict__)


def _all(db: sqlite_utils.Database, sql: str, params: list) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _attendee_row(db: sqlite_utils.Database, attendee_id: str) -> dict:
    rows = _all(db, "SELECT * FROM attendees WHERE id = ?", [attendee_id])
    if not rows:
        raise NotFoundError(_("There is no person with id {id}.").format(id=attendee_id))
    return rows[0]


def export_person(store: Store, attendee_id: str) -> dict:
    """Everything stored about one person, as plain data (JSON-ready)."""
    with store.read() as db:
        person = _attendee_row(db, attendee_id)
        games = _all(
            db, "SELECT * FROM quiz_games WHERE attendee_id = ? ORDER BY created_at", [attendee_id]
        )
        for game in games:
            game["missed"] = json.loads(game.get("missed") or "[]")
            game["answers"] = _all(
                db,
                "SELECT position, question_id, pack_id, credit, points, bonus, seconds, "
                "timed_out FROM quiz_answers WHERE game_id = ? ORDER BY position",
                [game["id"]],
            )
        checkins = _all(
            db, "SELECT * FROM checkins WHERE attendee_id = ? ORDER BY id", [attendee_id]
        )
        certificates = (
            _all(db, "SELECT * FROM certificates WHERE attendee_id = ?", [attendee_id])
            if "certificates" in db.table_names()
            else []
        )
        subjects = [attendee_id] + [c["id"] for c in checkins] + [g["id"] for g in games]
        subjects += [c["id"] for c in certificates]
        marks = ",".join("?" * len(subjects))
        sent = _all(
            db,
            f"SELECT record_id, kind, state, occurred_at, sent_at, payload FROM {TABLE} "
            f"WHERE subject IN ({marks}) AND state <> ? ORDER BY seq",
            [*subjects, PENDING],
        )
        for item in sent:
            item["payload"] = json.loads(item["payload"]) if item["payload"] else None
        return {
            "exported_at": utc_now(),
            "person": {
                **{k: v for k, v in person.items() if k not in _INTERNAL},
                "flags": json.loads(person.get("flags") or "[]"),
            },
            "event": _all(
                db,
                "SELECT id, name, project, city, venue, date FROM events WHERE id = ?",
                [person["event_id"]],
            )[0],
            "school_group": next(
                iter(_all(db, "SELECT * FROM school_groups WHERE id = ?", [person["group_id"]])),
                None,
            ),
            "tickets": _all(
                db, "SELECT * FROM tickets WHERE attendee_id = ? ORDER BY ticket_no", [attendee_id]
            ),
            "checkins": checkins,
            "presence": _all(db, "SELECT * FROM presence WHERE attendee_id = ?", [attendee_id]),
            "quiz_games": games,
            "certificates": certificates,
            "sent_to_hub": sent,
        }


def _referring_tables(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(table, column) of every foreign key to ``attendees.id`` not handled by name."""
    found = []
    for table in db.table_names():
        if table in _HANDLED:
            continue
        for row in db.execute(f"PRAGMA foreign_key_list('{table}')").fetchall():
            if row[2] == "attendees":
                found.append((table, row[3]))
    return found


def erase_person(store: Store, attendee_id: str) -> Erasure:
    """Delete one person's rows; the hub gets withdrawals for what it already has."""
    with store.transaction() as db:
        _attendee_row(db, attendee_id)  # NotFoundError before anything changes
        db.execute("PRAGMA defer_foreign_keys = ON")
        before = db.execute(f"SELECT coalesce(max(seq), 0) FROM {TABLE}").fetchone()[0]
        games = [
            r[0]
            for r in db.execute("SELECT id FROM quiz_games WHERE attendee_id = ?", [attendee_id])
        ]
        deleted = 0
        for game_id in games:
            deleted += db.execute("DELETE FROM quiz_answers WHERE game_id = ?", [game_id]).rowcount
        deleted += db.execute(
            "DELETE FROM quiz_games WHERE attendee_id = ?", [attendee_id]
        ).rowcount
        linked = [("presence", "attendee_id"), ("checkins", "attendee_id")]
        linked += [("tickets", "attendee_id"), *_referring_tables(db)]
        if "certificates" in db.table_names():  # a certificate holds the first name
            linked.append(("certificates", "attendee_id"))
        for table, column in linked:
            deleted += db.execute(f"DELETE FROM {table} WHERE {column} = ?", [attendee_id]).rowcount
        db.execute(
            "UPDATE school_groups SET teacher_attendee_id = NULL WHERE teacher_attendee_id = ?",
            [attendee_id],
        )
        deleted += db.execute("DELETE FROM attendees WHERE id = ?", [attendee_id]).rowcount
        # what was sent stays only as ids and hashes (the hub forgets it on withdrawal)
        db.execute(
            f"UPDATE {TABLE} SET payload = NULL WHERE kind = 'attendee' AND subject = ? "
            "AND state IN (?, ?)",
            [attendee_id, SENT, QUARANTINED],
        )
        withdrawals = db.execute(
            f"SELECT count(*) FROM {TABLE} WHERE seq > ? AND corrects IS NOT NULL",
            [before],
        ).fetchone()[0]
    return Erasure(attendee_id, deleted, withdrawals)
