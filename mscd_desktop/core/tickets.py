"""Signed QR tickets: per-event Ed25519 keys, issuing, re-issuing, revoking and verifying.

Each event has one or more Ed25519 keys (``ticket_keys``); the newest signs, all verify, so
keys can rotate. A ticket (``tickets``) belongs to one attendee, or to a school group for a
class ticket that admits the whole class. Re-issuing revokes the old ticket; revoked
tickets are refused. :func:`verify_text` reads a scan with the public keys alone and tells
forged, altered, other-event, misread and out-of-date codes apart. The code format is in
:mod:`mscd_desktop.core.ticket_codes`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from mscd_desktop.core import ticket_codes as tc
from mscd_desktop.core.errors import NotFoundError, ValidationError
from mscd_desktop.core.events import get_event
from mscd_desktop.core.ids import new_id, stamped, utc_now
from mscd_desktop.core.key_storage import (
    load_private_key,
    seal_plain_private_keys,
    seal_private_key,
)
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _


def _create_tables(db: sqlite_utils.Database) -> None:
    db["ticket_keys"].create(
        {
            "id": str,
            "event_id": str,
            "key_no": int,
            "public_key": str,
            "private_key": str,
            "retired_at": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[("event_id", "events", "id")],
        not_null={"event_id", "key_no", "public_key"},
    )
    db["ticket_keys"].create_index(["event_id", "key_no"], unique=True)
    db["tickets"].create(
        {
            "id": str,
            "event_id": str,
            "ticket_no": int,
            "role": str,
            "attendee_id": str,
            "group_id": str,
            "key_no": int,
            "valid_from": str,
            "valid_days": int,
            "code": str,
            "short_code": str,
            "status": str,
            "revoked_at": str,
            "replaced_by": str,
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        foreign_keys=[
            ("event_id", "events", "id"),
            ("attendee_id", "attendees", "id"),
            ("group_id", "school_groups", "id"),
        ],
        not_null={"event_id", "ticket_no", "role", "code", "short_code", "status"},
    )
    db["tickets"].create_index(["event_id", "ticket_no"], unique=True)
    db["tickets"].create_index(["short_code"])
    db["tickets"].create_index(["attendee_id"])
    db["tickets"].create_index(["group_id"])


MIGRATIONS = [_create_tables, seal_plain_private_keys]

SHORT_DIGITS = (9, 12)  # short codes: 5 to 8 digits of ticket number, 3 bound, 1 check


@dataclass(frozen=True)
class Ticket:
    """An issued ticket."""

    id: str
    event_id: str
    ticket_no: int
    role: str
    attendee_id: str | None
    group_id: str | None
    key_no: int
    valid_from: str
    valid_days: int
    code: str
    short_code: str
    status: str
    created_at: str = ""

    @property
    def revoked(self) -> bool:
        """Whether the ticket was cancelled or replaced."""
        return self.status != "active"

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _ticket_from_row(row: dict) -> Ticket:
    return Ticket(
        id=row["id"],
        event_id=row["event_id"],
        ticket_no=row["ticket_no"],
        role=row["role"],
        attendee_id=row["attendee_id"],
        group_id=row["group_id"],
        key_no=row["key_no"],
        valid_from=row["valid_from"],
        valid_days=row["valid_days"],
        code=row["code"],
        short_code=row["short_code"],
        status=row["status"],
        created_at=row["created_at"],
    )


# -- keys -------------------------------------------------------------------------------


def _new_key(db: sqlite_utils.Database, event_id: str) -> int:
    last = db.execute(
        "SELECT max(key_no) FROM ticket_keys WHERE event_id = ?", [event_id]
    ).fetchone()[0]
    key_no = 1 if last is None else last + 1
    if key_no > 255:
        raise ValidationError(_("This event has used all 255 ticket keys."), field="key")
    key = Ed25519PrivateKey.generate()
    db["ticket_keys"].insert(
        stamped(
            {
                "event_id": event_id,
                "key_no": key_no,
                "public_key": key.public_key().public_bytes_raw().hex(),
                "private_key": seal_private_key(key, event_id, key_no),
                "retired_at": None,
            }
        )
    )
    return key_no


def _signing_key(db: sqlite_utils.Database, event_id: str) -> tuple[int, Ed25519PrivateKey]:
    row = db.execute(
        "SELECT key_no FROM ticket_keys WHERE event_id = ? AND retired_at IS NULL "
        "AND private_key IS NOT NULL ORDER BY key_no DESC LIMIT 1",
        [event_id],
    ).fetchone()
    if row is None:
        _new_key(db, event_id)
        return _signing_key(db, event_id)
    return row[0], load_private_key(db, event_id, row[0])


def rotate_key(store: Store, event_id: str) -> int:
    """Start signing the event's new tickets with a fresh key; old tickets stay valid."""
    get_event(store, event_id)
    with store.transaction() as db:
        return _new_key(db, event_id)


def retire_key(store: Store, event_id: str, key_no: int) -> None:
    """Stop accepting tickets signed with *key_no* (e.g. a laptop holding it was stolen)."""
    with store.transaction() as db:
        db.execute(
            "UPDATE ticket_keys SET retired_at = ?, updated_at = ? "
            "WHERE event_id = ? AND key_no = ?",
            [utc_now(), utc_now(), event_id, key_no],
        )


@dataclass
class Keyring:
    """Public keys of every event this desk knows, by event tag then key number."""

    events: dict[int, tuple[str, dict[int, Ed25519PublicKey]]] = field(default_factory=dict)

    def add(self, event_id: str, key_no: int, public_key: bytes) -> None:
        """Trust *public_key* for the event's tickets signed with *key_no*."""
        tag = tc.event_tag(event_id)
        _eid, keys = self.events.setdefault(tag, (event_id, {}))
        keys[key_no] = Ed25519PublicKey.from_public_bytes(public_key)

    def event_for(self, tag: int) -> str | None:
        """The event id whose tickets carry *tag*, if known."""
        entry = self.events.get(tag)
        return entry[0] if entry else None

    def key(self, tag: int, key_no: int) -> Ed25519PublicKey | None:
        """The public key *key_no* of the event tagged *tag*, if trusted."""
        entry = self.events.get(tag)
        return entry[1].get(key_no) if entry else None


def load_keyring(store: Store) -> Keyring:
    """The public keys (not retired) of every event in the store."""
    ring = Keyring()
    with store.read() as db:
        rows = db.execute(
            "SELECT event_id, key_no, public_key FROM ticket_keys WHERE retired_at IS NULL"
        ).fetchall()
    for event_id, key_no, public_key in rows:
        ring.add(event_id, key_no, bytes.fromhex(public_key))
    return ring


# -- issuing ----------------------------------------------------------------------------


def _sign(
    db: sqlite_utils.Database,
    event_id: str,
    ticket_no: int,
    role: str,
    valid_from: date,
    valid_days: int,
    signer: tuple[int, Ed25519PrivateKey] | None = None,
) -> tuple[int, str, str]:
    key_no, key = signer or _signing_key(db, event_id)
    payload = tc.TicketPayload(
        event_tag=tc.event_tag(event_id),
        key_no=key_no,
        ticket_no=ticket_no,
        role=role,
        valid_from=valid_from,
        valid_days=valid_days,
    ).pack()
    signature = key.sign(tc.signed_message(payload))
    return key_no, tc.encode_code(payload, signature), tc.short_code(ticket_no, signature)


def _insert_ticket(
    db: sqlite_utils.Database,
    event_id: str,
    role: str,
    attendee_id: str | None,
    group_id: str | None,
    valid_from: date,
    valid_days: int,
    signer: tuple[int, Ed25519PrivateKey] | None = None,
) -> str:
    if role not in tc.ROLES:
        raise ValidationError(
            _("Unknown ticket role '{role}'; use adult, pupil or class.").format(role=role),
            field="role",
        )
    if not 1 <= valid_days <= 255:
        raise ValidationError(_("A ticket is valid for 1 to 255 days."), field="valid_days")
    last = db.execute(
        "SELECT max(ticket_no) FROM tickets WHERE event_id = ?", [event_id]
    ).fetchone()[0]
    ticket_no = (last or 0) + 1
    if ticket_no > tc.MAX_TICKET_NO:
        raise ValidationError(_("This event has no ticket numbers left."), field="ticket_no")
    key_no, code, short = _sign(db, event_id, ticket_no, role, valid_from, valid_days, signer)
    ticket_id, now = new_id(), utc_now()
    db.execute(  # plain SQL: sqlite-utils' insert() costs 0.4 ms a row, 20 s for 50,000
        "INSERT INTO tickets (id, event_id, ticket_no, role, attendee_id, group_id, key_no, "
        "valid_from, valid_days, code, short_code, status, revoked_at, replaced_by, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', NULL, "
        "NULL, ?, ?)",
        [
            ticket_id,
            event_id,
            ticket_no,
            role,
            attendee_id,
            group_id,
            key_no,
            valid_from.isoformat(),
            valid_days,
            code,
            short,
            now,
            now,
        ],
    )
    return ticket_id


def issue_ticket(
    store: Store,
    event_id: str,
    *,
    role: str,
    attendee_id: str | None = None,
    group_id: str | None = None,
    valid_from: date | None = None,
    valid_days: int = 1,
) -> Ticket:
    """Sign a new ticket; valid from the event's day for *valid_days* days by default."""
    event = get_event(store, event_id)
    start = valid_from or date.fromisoformat(event.date)
    with store.transaction() as db:
        ticket_id = _insert_ticket(db, event_id, role, attendee_id, group_id, start, valid_days)
    return get_ticket(store, ticket_id)


def get_ticket(store: Store, ticket_id: str) -> Ticket:
    """The ticket with *ticket_id*, or NotFoundError."""
    with store.read() as db:
        row = db.execute("SELECT * FROM tickets WHERE id = ?", [ticket_id]).fetchone()
        names = [d[0] for d in db.execute("SELECT * FROM tickets LIMIT 0").description]
    if row is None:
        raise NotFoundError(_("There is no ticket with id {id}.").format(id=ticket_id))
    return _ticket_from_row(dict(zip(names, row, strict=True)))


def list_tickets(store: Store, event_id: str, *, active_only: bool = True) -> list[Ticket]:
    """The event's tickets in number order."""
    where = "event_id = ?" + (" AND status = 'active'" if active_only else "")
    with store.read() as db:
        rows = list(db["tickets"].rows_where(where, [event_id], order_by="ticket_no"))
    return [_ticket_from_row(r) for r in rows]


def revoke_ticket(store: Store, ticket_id: str, *, replaced_by: str | None = None) -> Ticket:
    """Cancel a ticket: its code is refused from now on."""
    get_ticket(store, ticket_id)
    with store.transaction() as db:
        _revoke(db, ticket_id, replaced_by)
    return get_ticket(store, ticket_id)


def _revoke(db: sqlite_utils.Database, ticket_id: str, replaced_by: str | None) -> None:
    now = utc_now()
    db.execute(
        "UPDATE tickets SET status = 'revoked', revoked_at = ?, replaced_by = ?, "
        "updated_at = ? WHERE id = ?",
        [now, replaced_by, now, ticket_id],
    )


def reissue_ticket(store: Store, ticket_id: str) -> Ticket:
    """A new ticket for the same person or class; the old one is revoked (one transaction)."""
    old = get_ticket(store, ticket_id)
    with store.transaction() as db:
        new = _insert_ticket(
            db,
            old.event_id,
            old.role,
            old.attendee_id,
            old.group_id,
            date.fromisoformat(old.valid_from),
            old.valid_days,
        )
        _revoke(db, old.id, new)
    return get_ticket(store, new)


def issue_tickets_for(
    store: Store, event_id: str, *, attendee_ids: tuple[str, ...] = (), group_id: str | None = None
) -> int:
    """Tickets for just these people (and a class ticket for *group_id* with a ticket
    for each member), skipping whoever already has one. Returns how many were issued."""
    event = get_event(store, event_id)
    start = date.fromisoformat(event.date)
    issued = 0
    with store.transaction() as db:
        people = list(attendee_ids)
        if group_id:
            people += [
                r[0] for r in db.execute("SELECT id FROM attendees WHERE group_id = ?", [group_id])
            ]
            if (
                db.execute(
                    "SELECT 1 FROM tickets WHERE group_id = ? AND status = 'active'", [group_id]
                ).fetchone()
                is None
            ):
                teacher = db.execute(
                    "SELECT teacher_attendee_id FROM school_groups WHERE id = ?", [group_id]
                ).fetchone()
                _insert_ticket(
                    db, event_id, "class", teacher[0] if teacher else None, group_id, start, 1
                )
                issued += 1
        for attendee_id in dict.fromkeys(people):
            row = db.execute(
                "SELECT a.role, (SELECT count(*) FROM tickets t WHERE t.attendee_id = a.id "
                "AND t.group_id IS NULL AND t.status = 'active') FROM attendees a "
                "WHERE a.id = ?",
                [attendee_id],
            ).fetchone()
            if row is not None and not row[1]:
                _insert_ticket(
                    db,
                    event_id,
                    "pupil" if row[0] == "pupil" else "adult",
                    attendee_id,
                    None,
                    start,
                    1,
                )
                issued += 1
    return issued


def issue_missing_tickets(
    store: Store,
    event_id: str,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Give every attendee without an active ticket one, and every school group a class
    ticket (held by its teacher). Returns how many were issued."""
    event = get_event(store, event_id)
    start = date.fromisoformat(event.date)
    with store.read() as db:
        people = db.execute(
            "SELECT a.id, a.role FROM attendees a WHERE a.event_id = ? AND NOT EXISTS ("
            "SELECT 1 FROM tickets t WHERE t.attendee_id = a.id AND t.group_id IS NULL "
            "AND t.status = 'active') ORDER BY a.created_at, a.id",
            [event_id],
        ).fetchall()
        groups = db.execute(
            "SELECT g.id, g.teacher_attendee_id FROM school_groups g WHERE g.event_id = ? "
            "AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.group_id = g.id "
            "AND t.status = 'active') ORDER BY g.created_at",
            [event_id],
        ).fetchall()
    todo = [("pupil" if role == "pupil" else "adult", aid, None) for aid, role in people]
    todo += [("class", teacher, gid) for gid, teacher in groups]
    for start_at in range(0, len(todo), 500):
        with store.transaction() as db:
            signer = _signing_key(db, event_id)
            for role, attendee_id, group_id in todo[start_at : start_at + 500]:
                _insert_ticket(db, event_id, role, attendee_id, group_id, start, 1, signer)
        if progress:
            progress(min(start_at + 500, len(todo)), len(todo))
    return len(todo)


# -- verifying --------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeCheck:
    """What the signature says about a scanned code (before the store is asked)."""

    status: str  # valid | forged | misread | other_event | outside_validity | short_code
    payload: tc.TicketPayload | None = None
    event_id: str | None = None
    code: str = ""


def verify_text(text: str, keyring: Keyring, event_id: str, today: date | None = None) -> CodeCheck:
    """Check a scan against the public keys alone.

    ``misread``: the check digit fails (or the text is not digits at all: ``forged``).
    ``other_event``: a well-formed code of another event. ``forged``: the signature fails.
    ``short_code``: a hand-typed short code, to be looked up in the store.
    """
    reading = tc.read_scan(text)
    if not reading.valid:
        length = len(reading.first)
        looks_like_ours = reading.first.isdigit() and (
            abs(length - tc.CODE_DIGITS) <= 2 or SHORT_DIGITS[0] <= length <= SHORT_DIGITS[1]
        )
        return CodeCheck("misread" if looks_like_ours else "forged", code=reading.first)
    best: CodeCheck | None = None
    for digits in reading.valid:
        check = _verify_digits(digits, keyring, event_id, today or date.today())
        if check.status == "valid":
            return check
        best = best or check
    return best or CodeCheck("forged")


def _verify_digits(digits: str, keyring: Keyring, event_id: str, today: date) -> CodeCheck:
    if SHORT_DIGITS[0] <= len(digits) <= SHORT_DIGITS[1]:
        return CodeCheck("short_code", code=digits)
    if len(digits) != tc.CODE_DIGITS:  # a digit or two lost or doubled: scan again
        near = abs(len(digits) - tc.CODE_DIGITS) <= 2
        return CodeCheck("misread" if near else "forged", code=digits)
    try:
        payload_bytes, signature = tc.split_code(digits)
        payload = tc.TicketPayload.unpack(payload_bytes)
    except (ValueError, OverflowError):
        return CodeCheck("forged", code=digits)
    owner = keyring.event_for(payload.event_tag)
    if payload.event_tag != tc.event_tag(event_id):
        return CodeCheck("other_event", payload, owner, digits)
    key = keyring.key(payload.event_tag, payload.key_no)
    if key is None:
        return CodeCheck("forged", payload, event_id, digits)
    try:
        key.verify(signature, tc.signed_message(payload_bytes))
    except InvalidSignature:
        return CodeCheck("forged", payload, event_id, digits)
    if not payload.valid_on(today):
        return CodeCheck("outside_validity", payload, event_id, digits)
    return CodeCheck("valid", payload, event_id, digits)
