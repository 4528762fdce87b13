"""Ticket keys: each event's Ed25519 signing keys, rotated and retired by the organiser.

The newest key that is not retired signs new tickets; every key not retired verifies, so
keys can rotate without cancelling tickets already printed. Retiring a key (say, a laptop
holding it was stolen) refuses every ticket it signed, whether scanned or typed as a
short code. Desks verify with :func:`load_keyring`, the public halves alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from mscd_desktop.core.errors import NotFoundError, ValidationError
from mscd_desktop.core.events import get_event
from mscd_desktop.core.ids import utc_now
from mscd_desktop.core.store import Store
from mscd_desktop.core.ticket_checks import Keyring
from mscd_desktop.core.tickets import _new_key  # the key store itself lives with the tickets
from mscd_desktop.i18n import _


def rotate_key(store: Store, event_id: str) -> int:
    """Start signing the event's new tickets with a fresh key; old tickets stay valid.
    Returns the new key's number."""
    get_event(store, event_id)
    with store.transaction() as db:
        return _new_key(db, event_id)


def retire_key(store: Store, event_id: str, key_no: int) -> TicketKey:
    """Stop accepting tickets signed with *key_no* (e.g. a laptop holding it was stolen),
    by QR and by short code alike. New tickets are then signed with another key."""
    key = _key(store, event_id, key_no)
    if key.retired:
        raise ValidationError(
            _("Key {key} of this event was already retired.").format(key=key_no), field="key"
        )
    now = utc_now()
    with store.transaction() as db:
        db.execute(
            "UPDATE ticket_keys SET retired_at = ?, updated_at = ? "
            "WHERE event_id = ? AND key_no = ?",
            [now, now, event_id, key_no],
        )
    return _key(store, event_id, key_no)


@dataclass(frozen=True)
class TicketKey:
    """One of an event's signing keys, as the organiser sees it (never the private half)."""

    key_no: int
    fingerprint: str  # the first 16 hex digits of the SHA-256 of the public key
    created_at: str
    retired_at: str | None
    signing: bool  # new tickets are signed with this key
    active_tickets: int  # tickets not cancelled that this key signed

    @property
    def retired(self) -> bool:
        """Whether tickets signed with this key are refused."""
        return self.retired_at is not None

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {**{k: getattr(self, k) for k in self.__dataclass_fields__}, "retired": self.retired}


def list_keys(store: Store, event_id: str) -> list[TicketKey]:
    """The event's signing keys, oldest first."""
    get_event(store, event_id)
    with store.read() as db:
        rows = db.execute(
            "SELECT k.key_no, k.public_key, k.created_at, k.retired_at, "
            "(SELECT count(*) FROM tickets t WHERE t.event_id = k.event_id "
            "AND t.key_no = k.key_no AND t.status = 'active') "
            "FROM ticket_keys k WHERE k.event_id = ? ORDER BY k.key_no",
            [event_id],
        ).fetchall()
    signing = max((r[0] for r in rows if r[3] is None), default=None)
    return [
        TicketKey(
            key_no=key_no,
            fingerprint=hashlib.sha256(bytes.fromhex(public)).hexdigest()[:16],
            created_at=created,
            retired_at=retired,
            signing=key_no == signing,
            active_tickets=count,
        )
        for key_no, public, created, retired, count in rows
    ]


def _key(store: Store, event_id: str, key_no: int) -> TicketKey:
    found = [k for k in list_keys(store, event_id) if k.key_no == key_no]
    if not found:
        raise NotFoundError(
            _("This event has no ticket key {key}; see mscd tickets keys list.").format(key=key_no)
        )
    return found[0]


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
