"""Signed QR tickets: per-event Ed25519 keys, issuing, re-issuing, revoking and verifying.

Each event has one or more Ed25519 keys (``ticket_keys``); the newest signs, all verify, so
keys can rotate, and a retired key's tickets are refused. A ticket (``tickets``) belongs to
one attendee, or to a school group for a class ticket that admits the whole class.
Re-issuing revokes the old ticket; revoked tickets are refused. Reading a scan is in
:mod:`mscd_desktop.core.ticket_checks`, the code format in
:mod:`mscd_desktop.core.ticket_codes` and :mod:`mscd_desktop.core.short_codes`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import sqlite_utils
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from mscd_desktop.core import short_codes
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
from mscd_desktop.core.ticket_checks import Keyring
from mscd_desktop.i18n import _


def _create_tables(db: sqlite_utils.Database) -> None:
    db.table("ticket_keys").create(
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
    db.table("ticket_keys").create_index(["event_id", "key_no"], unique=True)
    db.table("tickets").create(
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
    db.table("tickets").create_index(["event_id", "ticket_no"], unique=True)
    db.table("tickets").create_index(["short_code"])
    db.table("tickets").create_index(["attendee_id"])
    db.table("tickets").create_index(["group_id"])


MIGRATIONS = [_create_tables, seal_plain_private_keys]


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
    db.table("ticket_keys").insert(
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
    return key_no, tc.encode_code(payload, signature), short_codes.make(ticket_no, signature)


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


def find_ticket(store: Store, event_id: str, ref: str) -> Ticket:
    """The event's ticket whose id is *ref*, or whose short code is *ref* (as printed under
    the QR, with or without its dashes)."""
    ref = ref.strip()
    with store.read() as db:
        row = db.execute(
            "SELECT id FROM tickets WHERE id = ? AND event_id = ?", [ref, event_id]
        ).fetchone()
        for digits in short_codes.readings(ref)[0] if row is None else ():
            row = db.execute(
                "SELECT id FROM tickets WHERE event_id = ? AND short_code = ?",
                [event_id, short_codes.formatted(digits)],
            ).fetchone()
            if row is not None:
                break
    if row is None:
        raise NotFoundError(
            _("This event has no ticket with the id or short code {ref}.").format(ref=ref)
        )
    return get_ticket(store, row[0])


def ticket_holder(store: Store, ticket: Ticket) -> str:
    """Who *ticket* is for: the person's name, the class ("5º A, CEIP Torrelago"), or
    "Guest"."""
    with store.read() as db:
        row = None
        if ticket.group_id:
            row = db.execute(
                "SELECT class_name || ', ' || school FROM school_groups WHERE id = ?",
                [ticket.group_id],
            ).fetchone()
        elif ticket.attendee_id:
            row = db.execute(
                "SELECT name FROM attendees WHERE id = ?", [ticket.attendee_id]
            ).fetchone()
    return row[0] if row else _("Guest")


def revoke_ticket(store: Store, ticket_id: str, *, replaced_by: str | None = None) -> Ticket:
    """Cancel a ticket: its code (QR or short code) is refused from now on."""
    if get_ticket(store, ticket_id).revoked:
        raise ValidationError(
            _("Ticket {id} was already cancelled.").format(id=ticket_id), field="ticket"
        )
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
    get_event(store, event_id)
    with store.transaction() as db:
        return issue_tickets_in(db, event_id, attendee_ids=attendee_ids, group_id=group_id)


def issue_tickets_in(
    db: sqlite_utils.Database,
    event_id: str,
    *,
    attendee_ids: tuple[str, ...] = (),
    group_id: str | None = None,
) -> int:
    """:func:`issue_tickets_for` inside the caller's write transaction *db*."""
    start = date.fromisoformat(
        db.execute("SELECT date FROM events WHERE id = ?", [event_id]).fetchone()[0]
    )
    issued = 0
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
            role = "pupil" if row[0] == "pupil" else "adult"
            _insert_ticket(db, event_id, role, attendee_id, None, start, 1)
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


# -- other documents signed with the event key ------------------------------------------


def sign_with_event_key(
    store: Store, event_id: str, domain: bytes, messages: list[bytes]
) -> tuple[int, list[bytes]]:
    """Sign each of *messages* with the event's current key, prefixed with *domain* (which
    keeps these signatures apart from tickets). Returns the key number and the signatures.
    Used for certificates' verification codes."""
    if domain == tc.SIGNING_DOMAIN:
        raise ValueError("the ticket domain signs tickets only")
    get_event(store, event_id)
    with store.transaction() as db:
        key_no, key = _signing_key(db, event_id)
    return key_no, [key.sign(domain + message) for message in messages]


def verify_with_event_key(
    keyring: Keyring, event_id: str, key_no: int, domain: bytes, message: bytes, signature: bytes
) -> bool:
    """Whether *signature* is the event's key *key_no* signing *domain* + *message*."""
    key = keyring.key(tc.event_tag(event_id), key_no)
    if key is None:
        return False
    try:
        key.verify(signature, domain + message)
    except InvalidSignature:
        return False
    return True
