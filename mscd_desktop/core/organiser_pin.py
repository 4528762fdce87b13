"""The organiser PIN: a keyed hash that a copied database cannot test, and a growing wait.

A 4-digit PIN has 10,000 values, so a salted scrypt hash alone falls offline in seconds.
The stored hash is therefore keyed with the local secret, which is not in the database
(:mod:`mscd_desktop.core.local_secret`): ``scrypt-hmac1$<secret id>$N$r$p$salt$tag`` with
``tag = HMAC-SHA256(pepper, scrypt(PIN, salt))``. Keying the scrypt *output* (rather than
the PIN before scrypt) lets the migration re-key the hashes older versions stored, all at
once when the database is opened, without knowing the PINs: no unkeyed hash is left in the
file waiting for a PIN that may never be typed again.

At the keyboard, wrong PINs in a row earn a growing wait (:func:`pin_delay`), kept in the
database so that restarting the app does not reset it; the right PIN or a new PIN ends it.
The kiosk unlock and every admin action check the PIN through :func:`check_pin`.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlite_utils

from mscd_desktop.core.errors import NotFoundError
from mscd_desktop.core.local_secret import SecretMissingError, vault
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _, ngettext

SCHEME = "scrypt-hmac1"
LEGACY_SCHEME = "scrypt"  # unkeyed hashes of older versions, re-keyed by the migration
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_PURPOSE = "mscd organiser pin pepper v1"

FREE_TRIES = 3  # wrong PINs before the first wait (typos happen)
FIRST_WAIT_S = 5
MAX_WAIT_S = 15 * 60


def pin_delay(failures: int) -> int:
    """Seconds to wait after *failures* wrong PINs in a row: 0, 0, 0, 5, 10, 20 … 900.

    At the cap a guesser gets four tries an hour: about 50 in a long event day, 0.5 % of
    the 10,000 four-digit PINs.
    """
    if failures <= FREE_TRIES:
        return 0
    doublings = min(failures - FREE_TRIES - 1, 30)  # the wait is capped long before
    return min(FIRST_WAIT_S * (1 << doublings), MAX_WAIT_S)


def format_wait(seconds: int) -> str:
    """A wait as a person reads it: "20 seconds", "3 minutes" (rounded up)."""
    if seconds < 60:
        return ngettext("{n} second", "{n} seconds", seconds).format(n=seconds)
    minutes = math.ceil(seconds / 60)
    return ngettext("{n} minute", "{n} minutes", minutes).format(n=minutes)


@dataclass(frozen=True)
class PinCheck:
    """The answer to a PIN: accepted or not, and how long to wait before the next try."""

    accepted: bool
    wait_seconds: int = 0
    failures: int = 0  # wrong PINs in a row so far
    checked: bool = True  # False: refused without looking, because a wait was running

    def __bool__(self) -> bool:
        return self.accepted

    def message(self) -> str:
        """What to tell the person who typed the PIN (empty when it was accepted)."""
        if self.accepted:
            return ""
        if not self.checked:
            return _("Too many wrong PINs. Try again in {wait}.").format(
                wait=format_wait(self.wait_seconds)
            )
        if self.wait_seconds:
            return _("Wrong PIN. Try again in {wait}.").format(wait=format_wait(self.wait_seconds))
        return _("Wrong PIN.")


# -- hashing ----------------------------------------------------------------------------


def _keyed(secret_value_key: bytes, digest: bytes) -> str:
    return hmac.new(secret_value_key, digest, hashlib.sha256).hexdigest()


def hash_pin(pin: str) -> str:
    """A salted scrypt hash of *pin*, keyed with the local secret; safe to store."""
    secret = vault().for_sealing()
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    tag = _keyed(secret.derive(_PURPOSE), digest)
    return f"{SCHEME}${secret.id}${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${tag}"


def pin_matches(pin: str, stored: str | None) -> bool:
    """Whether *pin* is the one hashed in *stored*.

    Raises SecretMissingError when the hash was keyed on another computer: then no PIN
    can be told right or wrong here.
    """
    if not stored:
        return False
    try:
        scheme, secret_id, n, r, p, salt, tag = stored.split("$")
        if scheme != SCHEME:
            return False
        salt_bytes, cost, block, lanes = bytes.fromhex(salt), int(n), int(r), int(p)
    except ValueError:
        return False
    pepper = vault().get(secret_id).derive(_PURPOSE)
    try:
        digest = hashlib.scrypt(pin.encode(), salt=salt_bytes, n=cost, r=block, p=lanes)
    except ValueError:
        return False
    return hmac.compare_digest(_keyed(pepper, digest), tag)


def _rekey_legacy_hash(stored: str) -> str:
    _scheme, n, r, p, salt, digest = stored.split("$")
    secret = vault().for_sealing()
    tag = _keyed(secret.derive(_PURPOSE), bytes.fromhex(digest))
    return f"{SCHEME}${secret.id}${n}${r}${p}${salt}${tag}"


# -- schema -----------------------------------------------------------------------------


def _create_attempts_table(db: sqlite_utils.Database) -> None:
    # local to this laptop (never synced): wrong PINs in a row per event, and until when
    # the next try must wait
    db.table("pin_attempts").create(
        {"event_id": str, "failures": int, "wait_until": str, "updated_at": str},
        pk="event_id",
    )


def _key_legacy_hashes(db: sqlite_utils.Database) -> None:
    rows = db.execute(
        "SELECT id, pin_hash FROM events WHERE pin_hash LIKE ?", [LEGACY_SCHEME + "$%"]
    ).fetchall()
    for event_id, stored in rows:
        db.execute(
            "UPDATE events SET pin_hash = ? WHERE id = ?", [_rekey_legacy_hash(stored), event_id]
        )


MIGRATIONS = [_create_attempts_table, _key_legacy_hashes]


# -- checking, with a growing wait -------------------------------------------------------


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _wait_left(failures: int, wait_until: str | None, now: datetime) -> int:
    if not wait_until:
        return 0
    left = (datetime.fromisoformat(wait_until) - now).total_seconds()
    # a clock set back must not stretch the wait beyond what the failures earned
    return max(0, min(math.ceil(left), pin_delay(failures)))


def _attempts(db: sqlite_utils.Database, event_id: str) -> tuple[int, str | None]:
    row = db.execute(
        "SELECT failures, wait_until FROM pin_attempts WHERE event_id = ?", [event_id]
    ).fetchone()
    return (row[0], row[1]) if row else (0, None)


def reset_attempts(db: sqlite_utils.Database, event_id: str) -> None:
    """Forget the wrong PINs of *event_id* (inside a transaction): right PIN, or a new PIN."""
    db.execute("DELETE FROM pin_attempts WHERE event_id = ?", [event_id])


def pin_wait(store: Store, event_id: str, now: datetime | None = None) -> PinCheck:
    """The wait before the event's PIN may be tried again (``wait_seconds`` 0: now)."""
    with store.read() as db:
        failures, wait_until = _attempts(db, event_id)
    left = _wait_left(failures, wait_until, _now(now))
    return PinCheck(False, left, failures, checked=False)


def check_pin(store: Store, event_id: str, pin: str, *, now: datetime | None = None) -> PinCheck:
    """Try *pin* as the organiser PIN of the event, counting wrong ones.

    While a wait runs the PIN is not even looked at (``checked`` False). A wrong PIN
    returns the wait it earned; the right one ends any wait. An event without a PIN
    accepts none. Raises NotFoundError for an unknown event and SecretMissingError (with
    what to do) when the PIN was set on another computer.
    """
    now = _now(now)
    with store.read() as db:
        row = db.execute("SELECT pin_hash FROM events WHERE id = ?", [event_id]).fetchone()
        if row is None:
            raise NotFoundError(_("There is no event with id {id}.").format(id=event_id))
        failures, wait_until = _attempts(db, event_id)
    if not row[0]:
        return PinCheck(False)
    left = _wait_left(failures, wait_until, now)
    if left:
        return PinCheck(False, left, failures, checked=False)
    try:
        right = pin_matches(pin, row[0])
    except SecretMissingError as exc:
        raise SecretMissingError(
            _(
                "The organiser PIN of this event cannot be checked here. {reason} Set a new "
                "PIN from the command line: mscd event edit --event {id} --pin NEW_PIN"
            ).format(reason=exc, id=event_id),
            exc.secret_id,
        ) from exc
    with store.transaction() as db:
        if right:
            reset_attempts(db, event_id)
            return PinCheck(True)
        failures = _attempts(db, event_id)[0] + 1
        delay = pin_delay(failures)
        db.table("pin_attempts").upsert(
            {
                "event_id": event_id,
                "failures": failures,
                "wait_until": (now + timedelta(seconds=delay)).isoformat(),
                "updated_at": now.isoformat(),
            },
            pk="event_id",
        )
    return PinCheck(False, delay, failures)
