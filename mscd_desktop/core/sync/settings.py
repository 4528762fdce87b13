"""This laptop's sync settings: the hub, its token, the laptop's keys, the opt-ins.

Kept in the store (``app_state`` and ``sync_event_settings``). The device token, the
laptop's Ed25519 key (which signs offline bundles) and the venue key (which makes the
players' pseudonyms) are sealed with the local secret (:mod:`mscd_desktop.core.local_secret`),
so a copy of the database alone can neither push to the hub nor link a pseudonym to a
nickname. None of them is ever part of a record.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass

import sqlite_utils
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.events import get_event
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.ids import utc_now
from mscd_desktop.core.local_secret import SecretMissingError, vault
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync.outbox import EVENT_SETTINGS, touch
from mscd_desktop.core.sync.protocol import b64url
from mscd_desktop.i18n import _

PREFIX = "sync."
HUB_URL, DEVICE_ID, VENUE, DEVICE_NAME = "hub_url", "device_id", "venue", "device_name"
TOKEN, DEVICE_KEY, VENUE_KEY = "token", "device_key", "venue_key"
ENROLLED_AT, PURGE_DAYS = "enrolled_at", "purge_days"
DEFAULT_PURGE_DAYS = 30
MAX_PURGE_DAYS = 3650
_SCHEME = "sealed1"
_PURPOSE = "mscd sync secret v1"


class NotEnrolledError(MscdError):
    """The laptop has no hub to push to."""


@dataclass(frozen=True)
class HubAccess:
    """Where this laptop pushes and as which device (the token stays sealed until used)."""

    hub_url: str
    device_id: str
    venue: str
    device_name: str
    enrolled_at: str


def put_values(db: sqlite_utils.Database, values: dict[str, str | None]) -> None:
    """Keep sync settings inside an open transaction (None removes one)."""
    now = utc_now()
    for key, value in values.items():
        if value is None:
            db.execute("DELETE FROM app_state WHERE key = ?", [PREFIX + key])
        else:
            db.execute(
                "INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                [PREFIX + key, value, now],
            )


def get_value(store: Store, key: str) -> str | None:
    """One sync setting."""
    return store.get_state(PREFIX + key)


# -- sealing with the local secret --------------------------------------------------------


def seal(name: str, value: bytes) -> str:
    """*value* encrypted with the local secret, bound to *name*."""
    secret = vault().for_sealing()
    nonce = os.urandom(12)
    sealed = AESGCM(secret.derive(_PURPOSE)).encrypt(nonce, value, name.encode())
    return f"{_SCHEME}${secret.id}${base64.b64encode(nonce + sealed).decode()}"


def unseal(name: str, stored: str) -> bytes:
    """The value sealed under *name*; MscdError when it cannot be opened here."""
    try:
        scheme, secret_id, blob = stored.split("$")
        raw = base64.b64decode(blob, validate=True)
        if scheme != _SCHEME or len(raw) <= 12:
            raise ValueError(scheme)
        secret = vault().get(secret_id)
        return AESGCM(secret.derive(_PURPOSE)).decrypt(raw[:12], raw[12:], name.encode())
    except SecretMissingError as exc:
        raise MscdError(
            _(
                "This laptop's hub settings were protected on another computer. {reason} "
                "Enrol this laptop again (mscd sync enrol)."
            ).format(reason=exc)
        ) from exc
    except (ValueError, InvalidTag) as exc:
        raise MscdError(
            _("This laptop's stored hub settings are damaged. Enrol this laptop again.")
        ) from exc


# -- the hub and this device ---------------------------------------------------------------


def hub_access(store: Store) -> HubAccess | None:
    """The hub this laptop enrolled with, or None."""
    url, device_id = get_value(store, HUB_URL), get_value(store, DEVICE_ID)
    if not url or not device_id:
        return None
    return HubAccess(
        hub_url=url,
        device_id=device_id,
        venue=get_value(store, VENUE) or "",
        device_name=get_value(store, DEVICE_NAME) or "",
        enrolled_at=get_value(store, ENROLLED_AT) or "",
    )


def require_access(store: Store) -> HubAccess:
    """The hub access, or NotEnrolledError saying how to enrol."""
    access = hub_access(store)
    if access is None:
        raise NotEnrolledError(
            _(
                "This laptop is not enrolled with a hub yet. Enrol it with the code from the "
                "hub's admin: mscd sync enrol --hub URL CODE (or on the Sync screen)."
            )
        )
    return access


def token(store: Store) -> str:
    """The device token (unsealed); NotEnrolledError when there is none."""
    stored = get_value(store, TOKEN)
    if not stored:
        raise NotEnrolledError(
            _("This laptop has no hub token. Enrol it again or enter the new token.")
        )
    return unseal(TOKEN, stored).decode()


def save_enrolment(
    store: Store,
    *,
    hub_url: str,
    device_id: str,
    venue: str,
    device_name: str,
    device_token: str,
    device_key: Ed25519PrivateKey,
) -> HubAccess:
    """Remember a successful enrolment (token and key sealed)."""
    with store.transaction() as db:
        put_values(
            db,
            {
                HUB_URL: hub_url,
                DEVICE_ID: device_id,
                VENUE: venue,
                DEVICE_NAME: device_name,
                TOKEN: seal(TOKEN, device_token.encode()),
                DEVICE_KEY: seal(DEVICE_KEY, device_key.private_bytes_raw()),
                ENROLLED_AT: utc_now(),
            },
        )
    access = hub_access(store)
    assert access is not None
    return access


def replace_token(store: Store, device_token: str) -> None:
    """Use a token the hub's admin rotated (shown to them once)."""
    device_token = device_token.strip()
    if not device_token.startswith("mscd_") or len(device_token) < 20:
        raise ValidationError(
            _("A hub token starts with mscd_ and is about 48 characters long."), field="token"
        )
    require_access(store)
    with store.transaction() as db:
        put_values(db, {TOKEN: seal(TOKEN, device_token.encode())})


def device_key(store: Store) -> Ed25519PrivateKey:
    """The laptop's Ed25519 key registered at enrolment (signs offline bundles)."""
    stored = get_value(store, DEVICE_KEY)
    if not stored:
        raise NotEnrolledError(
            _("This laptop has no bundle signing key: enrol it with a hub first.")
        )
    return Ed25519PrivateKey.from_private_bytes(unseal(DEVICE_KEY, stored))


def public_key_text(key: Ed25519PrivateKey) -> str:
    """The raw public key of *key* in base64url, as enrolment sends it."""
    return b64url(key.public_key().public_bytes_raw())


def venue_key(store: Store) -> bytes:
    """The key of the players' pseudonyms: made here once, never sent anywhere.

    When it was sealed on another computer (a database carried over) a new one is made:
    pseudonyms of records not yet sent then differ from the old ones, nothing else.
    """
    stored = get_value(store, VENUE_KEY)
    if stored:
        try:
            return unseal(VENUE_KEY, stored)
        except MscdError:
            pass
    key = secrets.token_bytes(32)
    with store.transaction() as db:
        put_values(db, {VENUE_KEY: seal(VENUE_KEY, key)})
    return key


def forget_hub(store: Store) -> None:
    """Forget the hub and the token (the outbox and the venue key stay)."""
    with store.transaction() as db:
        put_values(
            db,
            {
                key: None
                for key in (HUB_URL, DEVICE_ID, VENUE, DEVICE_NAME, TOKEN, DEVICE_KEY, ENROLLED_AT)
            },
        )


# -- per event: the organiser's opt-ins ----------------------------------------------------


def _sharing(store: Store, event_id: str, column: str) -> bool:
    with store.read() as db:
        row = db.execute(
            f"SELECT {column} FROM {EVENT_SETTINGS} WHERE event_id = ?", [event_id]
        ).fetchone()
    return bool(row and row[0])


def shares_adult_contacts(store: Store, event_id: str) -> bool:
    """Whether the organiser opted in to sending consenting adults' contact details."""
    return _sharing(store, event_id, "share_adult_contacts")


def shares_certificates(store: Store, event_id: str) -> bool:
    """Whether the organiser lets the hub verify the event's certificates."""
    return _sharing(store, event_id, "share_certificates")


def _set_sharing(
    store: Store, event_id: str, column: str, share: bool, affected_sql: str, kind: str
) -> int:
    get_event(store, event_id)
    with store.transaction() as db:
        db.execute(
            f"INSERT INTO {EVENT_SETTINGS} (event_id, {column}, updated_at) VALUES (?, ?, ?) "
            f"ON CONFLICT(event_id) DO UPDATE SET {column} = excluded.{column}, "
            "updated_at = excluded.updated_at",
            [event_id, int(share), utc_now()],
        )
        affected = [row[0] for row in db.execute(affected_sql, [event_id])]
        for subject in affected:
            touch(db, kind, event_id, subject)
    return len(affected)


def set_share_adult_contacts(store: Store, event_id: str, share: bool) -> int:
    """Turn the event's opt-in on or off; returns how many attendees' records change.

    In the same transaction the event and every consenting adult of it get a new version
    (the event's first, as the hub checks the opt-in before the names), so their names go
    to the hub (on) or the hub forgets them (off) at the next sync.
    """
    return _set_sharing(
        store,
        event_id,
        "share_adult_contacts",
        share,
        "SELECT id FROM attendees WHERE event_id = ? AND consent_contact = 1 "
        "AND role <> 'pupil' AND (age_band IS NULL OR age_band = '18+') ORDER BY id",
        "attendee",
    )


def set_share_certificates(store: Store, event_id: str, share: bool) -> int:
    """Let the hub verify the event's certificates (their first names and codes go to it),
    or stop (the hub is told to forget them); returns how many certificates change."""
    with store.read() as db:
        if "certificates" not in db.table_names():
            return 0
    return _set_sharing(
        store,
        event_id,
        "share_certificates",
        share,
        "SELECT id FROM certificates WHERE event_id = ? ORDER BY id",
        "certificate",
    )


def purge_days(store: Store) -> int:
    """Days after a confirmed sync before children's names are removed (default 30)."""
    value = get_value(store, PURGE_DAYS)
    return int(value) if value and value.isdigit() else DEFAULT_PURGE_DAYS


def set_purge_days(store: Store, days: int) -> None:
    """Change the number of days children's names are kept after a confirmed sync."""
    if not 0 <= days <= MAX_PURGE_DAYS:
        raise ValidationError(
            _("Choose between {least} and {most} days.").format(
                least=current_formats().integer(0),
                most=current_formats().integer(MAX_PURGE_DAYS),
            ),
            field="purge_days",
        )
    with store.transaction() as db:
        put_values(db, {PURGE_DAYS: str(days)})
