"""The privacy filter: what of a stored row may leave the laptop, kind by kind.

Each builder reads the rows it needs and returns only the fields of the protocol's
allow-list (docs/sync-protocol.md), or None when the record no longer stands (deleted,
undone). Children (role ``pupil`` or an age band under 18) leave only as counts and keyed
pseudonyms: no name, nickname, e-mail, organisation, avatar or notes. An adult's name,
e-mail and organisation leave only when the attendee consented to being contacted **and**
the event's organiser opted in (``sync_event_settings.share_adult_contacts``). Free text
such as notes, and every secret (private signing keys, the PIN hash), is never read here.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from mscd_desktop.core.attendee_records import fold
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.sync.outbox import EVENT_SETTINGS
from mscd_desktop.core.sync.protocol import (
    CHILD_AGE_BANDS,
    MAX_PAYLOAD_BYTES,
    WITHDRAWN,
    b64url,
    player_pseudonym,
)
from mscd_desktop.core.sync.record_checks import ALLOWED_FIELDS, carries_contact
from mscd_desktop.i18n import _

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}")
_CHUNK = 500


@dataclass(frozen=True)
class Wanted:
    """A record version to build: its kind, event and subject (the chain's row)."""

    kind: str
    event_id: str
    subject: str


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _rows(db: sqlite_utils.Database, sql: str, ids: list[str]) -> dict[str, dict]:
    """Rows of ``sql`` (with ``{marks}`` for the ids) by their first column."""
    found: dict[str, dict] = {}
    for chunk in _chunks(ids):
        time.sleep(0)  # a chance for a check-in's thread between two reads
        cursor = db.execute(sql.format(marks=",".join("?" * len(chunk))), chunk)
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            found[values[0]] = row
    return found


def is_child(role: str | None, age_band: str | None) -> bool:
    """Whether an attendee is a child for the privacy rules."""
    return role == "pupil" or age_band in CHILD_AGE_BANDS


class PayloadBuilder:
    """Builds payloads from one consistent read of the store (one per batch)."""

    def __init__(self, db: sqlite_utils.Database, venue_key: bytes) -> None:
        self.db = db
        self.venue_key = venue_key
        self._settings: dict[str, tuple[bool, bool]] = {}

    def build(self, wanted: list[Wanted]) -> list[dict | None]:
        """The payload of each wanted version, in order (None: the record no longer stands)."""
        by_kind: dict[str, list[Wanted]] = {}
        for item in wanted:
            by_kind.setdefault(item.kind, []).append(item)
        found: dict[tuple[str, str, str], dict] = {}
        for kind, items in by_kind.items():
            reader = getattr(self, f"_{kind}")
            for (event_id, subject), payload in reader(items).items():
                found[(kind, event_id, subject)] = payload
        return [found.get((item.kind, item.event_id, item.subject)) for item in wanted]

    # -- shared -------------------------------------------------------------------------

    def sharing(self, event_id: str) -> tuple[bool, bool]:
        """The event's opt-ins: (share adults' contacts, share certificates)."""
        if event_id not in self._settings:
            row = self.db.execute(
                f"SELECT share_adult_contacts, share_certificates FROM {EVENT_SETTINGS} "
                "WHERE event_id = ?",
                [event_id],
            ).fetchone()
            self._settings[event_id] = (bool(row[0]), bool(row[1])) if row else (False, False)
        return self._settings[event_id]

    # -- kinds --------------------------------------------------------------------------

    def _event(self, items: list[Wanted]) -> dict[tuple[str, str], dict]:
        ids = sorted({item.subject for item in items})
        rows = _rows(
            self.db,
            "SELECT id, name, project, city, venue, date, audiences, languages FROM events "
            "WHERE id IN ({marks})",
            ids,
        )
        keys: dict[str, list[dict]] = {}
        if "ticket_keys" in self.db.table_names():
            for chunk in _chunks(ids):
                for event_id, key_no, public_key in self.db.execute(
                    "SELECT event_id, key_no, public_key FROM ticket_keys WHERE event_id IN "
                    f"({','.join('?' * len(chunk))}) AND retired_at IS NULL ORDER BY key_no",
                    chunk,
                ):
                    keys.setdefault(event_id, []).append(
                        {"key_no": key_no, "public_key": b64url(bytes.fromhex(public_key))}
                    )
        out: dict[tuple[str, str], dict] = {}
        for event_id, row in rows.items():
            contacts, certificates = self.sharing(event_id)
            languages = []
            for code in json.loads(row["languages"] or "[]"):
                match = _LANGUAGE.match(str(code).lower())
                if match and match.group(0) not in languages:
                    languages.append(match.group(0))
            out[(event_id, event_id)] = {
                "name": row["name"],
                "project": row["project"],
                "city": row["city"],
                "venue": row["venue"] or "",
                "date": row["date"],
                "audiences": json.loads(row["audiences"] or "[]"),
                "languages": languages,
                "share_adult_contacts": contacts,
                "share_certificates": certificates,
                "signing_keys": keys.get(event_id, [])[:16],
            }
        return out

    def _attendee(self, items: list[Wanted]) -> dict[tuple[str, str], dict]:
        ids = sorted({item.subject for item in items})
        rows = _rows(
            self.db,
            "SELECT id, event_id, role, audience, age_band, group_id, source, consent_contact, "
            "name, email, organisation FROM attendees WHERE id IN ({marks})",
            ids,
        )
        out: dict[tuple[str, str], dict] = {}
        for attendee_id, row in rows.items():
            payload = {
                "role": row["role"],
                "audience": row["audience"],
                "age_band": row["age_band"],
                "group_id": row["group_id"],
                "source": row["source"],
            }
            shares, _certificates = self.sharing(row["event_id"])
            if shares and row["consent_contact"] and not is_child(row["role"], row["age_band"]):
                payload["consent_contact"] = True
                payload["name"] = row["name"]
                email = row["email"]
                if email and len(email) <= 254 and _EMAIL.match(email):
                    payload["email"] = email
                if row["organisation"]:
                    payload["organisation"] = row["organisation"]
            out[(row["event_id"], attendee_id)] = payload
        return out

    def _school_group(self, items: list[Wanted]) -> dict[tuple[str, str], dict]:
        ids = sorted({item.subject for item in items})
        rows = _rows(
            self.db,
            "SELECT g.id, g.event_id, g.school, g.age_band, "
            "(SELECT count(*) FROM attendees a WHERE a.group_id = g.id AND a.role = 'pupil') "
            "AS size FROM school_groups g WHERE g.id IN ({marks})",
            ids,
        )
        return {
            (row["event_id"], group_id): {
                "school": row["school"],
                "age_band": row["age_band"],
                "size": row["size"],
            }
            for group_id, row in rows.items()
        }

    def _checkin(self, items: list[Wanted]) -> dict[tuple[str, str], dict]:
        ids = sorted({item.subject for item in items})
        rows = _rows(
            self.db,
            "SELECT id, event_id, attendee_id, kind, method, desk, undone_at FROM checkins "
            "WHERE id IN ({marks})",
            ids,
        )
        return {
            (row["event_id"], checkin_id): {
                "attendee_id": row["attendee_id"],
                "direction": row["kind"],
                "method": row["method"],
                "desk": row["desk"] or "",
            }
            for checkin_id, row in rows.items()
            if row["undone_at"] is None
        }

    def _game_result(self, items: list[Wanted]) -> dict[tuple[str, str], dict]:
        ids = sorted({item.subject for item in items})
        rows = _rows(
            self.db,
            "SELECT id, event_id, player_name, attendee_id, group_id, age_band, mode, language, "
            "score, correct, questions, seconds, team, day, created_at FROM quiz_games "
            "WHERE id IN ({marks})",
            ids,
        )
        out: dict[tuple[str, str], dict] = {}
        for game_id, row in rows.items():
            out[(row["event_id"], game_id)] = {
                "player": player_pseudonym(self.venue_key, row["event_id"], player_text(row)),
                "age_band": row["age_band"],
                "group_id": row["group_id"],
                "mode": row["mode"],
                "language": (row["language"] or "").lower()[:3],
                "score": row["score"],
                "correct": row["correct"],
                "questions": row["questions"],
                "seconds": float(row["seconds"] or 0.0),
                "team": row["team"] if row["team"] else None,
                "day": row["day"] or (row["created_at"] or "")[:10],
            }
        return out

    def _energy_minute(self, items: list[Wanted]) -> dict[tuple[str, str], dict]:
        wanted: dict[tuple[str, str], set[int]] = {}
        for item in items:
            minute, channel = item.subject.split(":", 1)
            wanted.setdefault((item.event_id, channel), set()).add(int(minute))
        out: dict[tuple[str, str], dict] = {}
        for (event_id, channel), minutes in wanted.items():
            rows = self.db.execute(
                "SELECT minute_ts, mean_w, max_w, energy_wh, samples FROM energy_minutes "
                "WHERE event_id = ? AND channel = ? AND minute_ts BETWEEN ? AND ?",
                [event_id, channel, min(minutes), max(minutes)],
            )
            for minute, mean_w, max_w, energy_wh, samples in rows:
                if minute in minutes:
                    out[(event_id, f"{minute}:{channel}")] = {
                        "channel": channel,
                        "minute_ts": minute,
                        "mean_w": mean_w,
                        "max_w": max_w,
                        "energy_wh": energy_wh,
                        "samples": samples,
                    }
        return out

    def _certificate(self, items: list[Wanted]) -> dict[tuple[str, str], dict]:
        """Only for events whose organiser lets the hub verify certificates (then a child's
        first name on a certificate leaves the laptop, as the opt-in says)."""
        ids = sorted({item.subject for item in items})
        rows = _rows(
            self.db,
            "SELECT id, event_id, code, first_name, event_date, key_no, signature, "
            "recipient_key FROM certificates WHERE id IN ({marks})",
            ids,
        )
        return {
            (row["event_id"], certificate_id): {
                "code": row["code"],
                "first_name": row["first_name"],
                "date": row["event_date"],
                "key_no": row["key_no"],
                "signature": b64url(bytes.fromhex(row["signature"])),
                "recipient_key": row["recipient_key"],
            }
            for certificate_id, row in rows.items()
            if self.sharing(row["event_id"])[1]
        }


def player_text(game: dict) -> str:
    """What a game's pseudonym is made of: the attendee the child tapped, else the
    nickname (folded) within the school group. Purged games keep their pseudonym because
    their attendee id and group stay; see :mod:`mscd_desktop.core.sync.purge`."""
    if game.get("attendee_id"):
        return f"attendee:{game['attendee_id']}"
    return f"name:{game.get('group_id') or ''}:{fold(game.get('player_name'))}"


def privacy_problem(kind: str, payload: dict, canonical: bytes) -> str | None:
    """Why *payload* must not leave the laptop, or None: a field outside the kind's
    allow-list, a child's contact details, contact details without consent, or a payload
    over the size limit. (The values themselves are the hub's to check.)"""
    if payload == WITHDRAWN:
        return None
    extra = sorted(set(payload) - ALLOWED_FIELDS.get(kind, frozenset()))
    if extra:
        return _('payload: field "{name}" is not allowed.').format(name=extra[0])
    if kind == "attendee" and (carries_contact(payload) or "consent_contact" in payload):
        if is_child(payload.get("role"), payload.get("age_band")):
            return _("A child's name, e-mail or organisation never leaves the laptop.")
        if payload.get("consent_contact") is not True:
            return _("An adult's name, e-mail or organisation needs consent_contact: true.")
    if len(canonical) > MAX_PAYLOAD_BYTES:
        return _("payload is larger than {limit} bytes.").format(
            limit=current_formats().integer(MAX_PAYLOAD_BYTES)
        )
    return None


def withdrawal() -> dict:
    """The payload that takes a record back."""
    return dict(WITHDRAWN)
