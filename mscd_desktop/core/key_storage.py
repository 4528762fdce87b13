"""Private signing keys in the database, sealed with the local secret (AES-256-GCM).

``ticket_keys.private_key`` holds ``sealed1$<secret id>$<nonce+ciphertext, base64>``: the
Ed25519 key encrypted with a key derived from the local secret
(:mod:`mscd_desktop.core.local_secret`), bound to its event and key number so that a sealed
key copied onto another row does not open. A copy of the database alone reveals no private
key; on the computer that made it (a restored backup included) every key still signs.

Every private key is read through :func:`load_private_key` and written through
:func:`seal_private_key`: moving an event to another laptop (keys re-sealed with a
passphrase for the trip) plugs in there.
"""

from __future__ import annotations

import base64
import logging
import os

import sqlite_utils
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mscd_desktop.core.errors import NotFoundError, StoreError
from mscd_desktop.core.local_secret import SecretMissingError, vault
from mscd_desktop.i18n import _

log = logging.getLogger(__name__)

SCHEME = "sealed1"
_PURPOSE = "mscd ticket key sealing v1"
_NONCE_BYTES = 12


def _context(event_id: str, key_no: int) -> bytes:
    return f"mscd ticket key\x00{event_id}\x00{key_no}".encode()


def is_sealed(stored: str | None) -> bool:
    """Whether a ``private_key`` value is sealed (rather than a plain key of an old version)."""
    return stored is not None and stored.startswith(SCHEME + "$")


def seal_private_key(key: Ed25519PrivateKey, event_id: str, key_no: int) -> str:
    """The text to store for *key*, key *key_no* of *event_id*."""
    secret = vault().for_sealing()
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(secret.derive(_PURPOSE)).encrypt(
        nonce, key.private_bytes_raw(), _context(event_id, key_no)
    )
    return f"{SCHEME}${secret.id}${base64.b64encode(nonce + sealed).decode()}"


def open_private_key(stored: str, event_id: str, key_no: int) -> Ed25519PrivateKey:
    """The private key sealed in *stored* (key *key_no* of *event_id*).

    Raises SecretMissingError when it was sealed on another computer, StoreError when the
    stored value was changed.
    """
    try:
        scheme, secret_id, blob = stored.split("$")
        raw = base64.b64decode(blob, validate=True)
    except ValueError:
        scheme, secret_id, raw = "", "", b""
    if scheme != SCHEME or len(raw) <= _NONCE_BYTES:
        raise StoreError(
            _("Signing key {key_no} of event {event} is not stored as expected.").format(
                key_no=key_no, event=event_id
            )
        )
    try:
        secret = vault().get(secret_id)
    except SecretMissingError as exc:
        raise SecretMissingError(
            _(
                "Signing key {key_no} of this event cannot sign here. {reason} Tickets already "
                "issued still verify. To issue tickets on this computer, start a new signing "
                "key for the event (key rotation)."
            ).format(key_no=key_no, reason=exc),
            secret_id,
        ) from exc
    try:
        plain = AESGCM(secret.derive(_PURPOSE)).decrypt(
            raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _context(event_id, key_no)
        )
    except InvalidTag as exc:
        raise StoreError(
            _(
                "Signing key {key_no} of event {event} was altered in the database and "
                "cannot be used. Start a new signing key for the event (key rotation)."
            ).format(key_no=key_no, event=event_id)
        ) from exc
    return Ed25519PrivateKey.from_private_bytes(plain)


def load_private_key(db: sqlite_utils.Database, event_id: str, key_no: int) -> Ed25519PrivateKey:
    """Private key *key_no* of *event_id*: the one way a private key leaves the database."""
    row = db.execute(
        "SELECT private_key FROM ticket_keys WHERE event_id = ? AND key_no = ?",
        [event_id, key_no],
    ).fetchone()
    if row is None or not row[0]:
        raise NotFoundError(
            _("Event {event} has no private signing key {key_no} on this computer.").format(
                event=event_id, key_no=key_no
            )
        )
    return open_private_key(row[0], event_id, key_no)


def seal_plain_private_keys(db: sqlite_utils.Database) -> None:
    """Migration: seal the private keys that older versions stored as plain hex."""
    rows = db.execute(
        "SELECT id, event_id, key_no, private_key FROM ticket_keys WHERE private_key IS NOT NULL"
    ).fetchall()
    sealed = 0
    for row_id, event_id, key_no, stored in rows:
        if is_sealed(stored):
            continue
        key = Ed25519PrivateKey.from_private_bytes(bytes.fromhex(stored))
        db.execute(
            "UPDATE ticket_keys SET private_key = ? WHERE id = ?",
            [seal_private_key(key, event_id, key_no), row_id],
        )
        sealed += 1
    if sealed:
        log.info("sealed %d private signing key(s) that were stored in plain text", sealed)
