"""Issued certificates: one signed record per person and event, found by its printed code.

A certificate's record holds what verification may show (the event, its date and the
person's first name) and the Ed25519 signature of those facts by the event's key
(:func:`mscd_desktop.core.tickets.sign_with_event_key`). Printing again for the same person
reuses the record, so the code on a certificate never changes; it is signed again only
when the first name or the event's date changed. :func:`verify_code` needs nothing but this
laptop's database: the code finds the record, the event's public key checks its signature
(so an edited row fails), and only the event, the date and the first name are shown.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

import sqlite_utils

from mscd_desktop.core import ticket_keys, tickets
from mscd_desktop.core.documents import certificate_codes as codes
from mscd_desktop.core.errors import MscdError, NotFoundError
from mscd_desktop.core.events import Event, get_event
from mscd_desktop.core.ids import new_id, utc_now
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

SIGNING_DOMAIN = b"mscd-certificate-v1:"


def _create_tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE certificates (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id),
            recipient_key TEXT NOT NULL,
            attendee_id TEXT,
            first_name TEXT NOT NULL,
            event_date TEXT NOT NULL,
            key_no INTEGER NOT NULL,
            signature TEXT NOT NULL,
            code TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (event_id, recipient_key)
        )""")


MIGRATIONS = [_create_tables]


@dataclass(frozen=True)
class Signee:
    """Who a certificate is for: a stable key (``attendee:<id>`` or ``player:<name>``),
    the attendee if known, and the first name verification may show."""

    recipient_key: str
    first_name: str
    attendee_id: str | None = None


@dataclass(frozen=True)
class CertificateCheck:
    """What verifying a code found. ``status``: genuine, unknown (no such certificate on
    this laptop), malformed (not a certificate code, or mistyped) or altered (the record
    does not match its signature)."""

    status: str
    code: str = ""
    event_name: str = ""
    event_date: str = ""
    first_name: str = ""

    @property
    def genuine(self) -> bool:
        """Whether the code belongs to a certificate this laptop issued, unaltered."""
        return self.status == "genuine"

    def as_dict(self) -> dict:
        """Plain data for ``--json``: only the event, its date and the first name."""
        return {
            "genuine": self.genuine,
            "status": self.status,
            "code": self.code,
            "event": self.event_name,
            "date": self.event_date,
            "first_name": self.first_name,
        }


def _message(event_id: str, recipient_key: str, first_name: str, event_date: str) -> bytes:
    facts = {"date": event_date, "event": event_id, "first": first_name, "who": recipient_key}
    return json.dumps(facts, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def issue_codes(store: Store, event: Event, signees: list[Signee]) -> dict[str, str]:
    """The verification code of each signee's certificate (by recipient key), signing and
    storing a record for those who have none yet (one transaction for the batch)."""
    with store.read() as db:
        existing = {
            row[0]: row[1:]
            for row in db.execute(
                "SELECT recipient_key, first_name, event_date, code FROM certificates "
                "WHERE event_id = ?",
                [event.id],
            )
        }
    result: dict[str, str] = {}
    todo: list[Signee] = []
    for signee in signees:
        known = existing.get(signee.recipient_key)
        if known and known[0] == signee.first_name and known[1] == event.date:
            result[signee.recipient_key] = known[2]
        else:
            todo.append(signee)
    if not todo:
        return result
    messages = [_message(event.id, s.recipient_key, s.first_name, event.date) for s in todo]
    key_no, signatures = tickets.sign_with_event_key(store, event.id, SIGNING_DOMAIN, messages)
    now = utc_now()
    try:
        with store.transaction() as db:
            for signee, signature in zip(todo, signatures, strict=True):
                code = codes.code_for_signature(signature)
                db.execute(
                    "INSERT INTO certificates (id, event_id, recipient_key, attendee_id, "
                    "first_name, event_date, key_no, signature, code, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (event_id, recipient_key) DO UPDATE SET "
                    "first_name = excluded.first_name, event_date = excluded.event_date, "
                    "key_no = excluded.key_no, signature = excluded.signature, "
                    "code = excluded.code, updated_at = excluded.updated_at",
                    [
                        new_id(),
                        event.id,
                        signee.recipient_key,
                        signee.attendee_id,
                        signee.first_name,
                        event.date,
                        key_no,
                        signature.hex(),
                        code,
                        now,
                        now,
                    ],
                )
                result[signee.recipient_key] = code
    except sqlite3.IntegrityError as exc:  # two signatures hashing to one code: never seen
        raise MscdError(_("Two certificates got the same code; print them again.")) from exc
    return result


def verify_code(store: Store, text: str) -> CertificateCheck:
    """Check a typed or scanned certificate code against this laptop's records."""
    code = codes.normalise(text)
    if code is None:
        return CertificateCheck("malformed", text.strip())
    with store.read() as db:
        row = db.execute(
            "SELECT event_id, recipient_key, first_name, event_date, key_no, signature "
            "FROM certificates WHERE code = ?",
            [code],
        ).fetchone()
    if row is None:
        return CertificateCheck("unknown", code)
    event_id, recipient_key, first_name, event_date, key_no, signature = row
    genuine = codes.code_for_signature(bytes.fromhex(signature)) == code and (
        tickets.verify_with_event_key(
            ticket_keys.load_keyring(store),
            event_id,
            key_no,
            SIGNING_DOMAIN,
            _message(event_id, recipient_key, first_name, event_date),
            bytes.fromhex(signature),
        )
    )
    if not genuine:
        return CertificateCheck("altered", code)
    try:
        event_name = get_event(store, event_id).name
    except NotFoundError:
        return CertificateCheck("unknown", code)
    return CertificateCheck("genuine", code, event_name, event_date, first_name)
