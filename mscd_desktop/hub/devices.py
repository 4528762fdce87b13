"""Venues, devices and their tokens, and one-time enrolment codes.

A token is ``mscd_`` + 32 random bytes (base64url); the hub stores only its SHA-256 (the
token is random and long, so a slow password hash would add nothing). An enrolment code is
12 Crockford base-32 characters (60 bits), works once, expires, and is stored as its
SHA-256 too. Failed enrolments are counted per client address in the database, so every
worker process agrees on the limit.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from mscd_desktop.core.errors import MscdError, NotFoundError, ValidationError
from mscd_desktop.core.ids import new_id, utc_now
from mscd_desktop.core.sync.protocol import ENROL_SCHEME, TOKEN_PREFIX, b64url, decoded_length
from mscd_desktop.hub.db import reading, writing
from mscd_desktop.hub.language import hub_gettext as _
from mscd_desktop.hub.schema import devices, enrol_codes, enrol_failures, venues

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base 32
CODE_LENGTH = 12
CODE_HOURS = 24
FAILURE_LIMIT = 10
FAILURE_WINDOW_MINUTES = 15


class EnrolRefused(MscdError):
    """An enrolment code that is unknown, used or expired."""


class RateLimited(MscdError):
    """Too many failed attempts from one address; ``retry_after`` is in seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class Venue:
    """A venue: the organisers of one site, whose devices push their events."""

    id: int
    name: str
    created_at: str
    devices: int = 0

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "id": self.id,
            "name": self.name,
            "created_at": self.created_at,
            "devices": self.devices,
        }


@dataclass(frozen=True)
class Device:
    """An enrolled laptop (or a scripted client) of one venue."""

    id: str
    venue_id: int
    venue: str
    name: str
    public_key: str | None
    revoked_at: str | None
    last_seen_at: str | None
    created_at: str

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class IssuedToken:
    """A device with its token, shown once."""

    device: Device
    token: str


@dataclass(frozen=True)
class EnrolCode:
    """A one-time code and the QR text that carries it."""

    code: str
    venue: str
    expires_at: str
    qr_text: str


def hash_secret(secret: str) -> str:
    """SHA-256 hex of a token or a normalised code."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A fresh device token."""
    return TOKEN_PREFIX + b64url(secrets.token_bytes(32))


def normalise_code(text: str) -> str:
    """A typed code as stored: upper case, no spaces or hyphens, O→0 and I/L→1."""
    cleaned = "".join(ch for ch in text.upper() if ch not in " -\t")
    return cleaned.translate(str.maketrans("OIL", "011"))


def format_code(code: str) -> str:
    """``ABCDEFGHJKMN`` as ``ABCD-EFGH-JKMN``."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


# -- venues ---------------------------------------------------------------------------------


def add_venue(engine: Engine, name: str) -> Venue:
    """Add a venue; ValidationError if the name is empty or taken."""
    name = " ".join(name.split())
    if not name or len(name) > 200:
        raise ValidationError(_("A venue needs a name of 1 to 200 characters."), field="name")
    now = utc_now()
    try:
        with writing(engine) as db:
            new = db.execute(insert(venues).values(name=name, created_at=now)).inserted_primary_key
    except IntegrityError:
        raise ValidationError(
            _("There is already a venue called {name}.").format(name=name), field="name"
        ) from None
    if new is None:  # pragma: no cover - a one-row insert always has its key
        raise RuntimeError("the new venue has no id")
    return Venue(id=new[0], name=name, created_at=now)


def list_venues(engine: Engine) -> list[Venue]:
    """Every venue with its number of active devices, by name."""
    active = (
        select(devices.c.venue_id, func.count().label("n"))
        .where(devices.c.revoked_at.is_(None))
        .group_by(devices.c.venue_id)
        .subquery()
    )
    query = (
        select(venues, func.coalesce(active.c.n, 0).label("n"))
        .outerjoin(active, active.c.venue_id == venues.c.id)
        .order_by(venues.c.name)
    )
    with reading(engine) as db:
        return [Venue(r.id, r.name, r.created_at, r.n) for r in db.execute(query)]


def venue_by_name(db: Connection, name: str) -> Venue:
    """The venue called *name*; NotFoundError naming it otherwise."""
    row = db.execute(select(venues).where(venues.c.name == " ".join(name.split()))).first()
    if row is None:
        raise NotFoundError(
            _("There is no venue called {name} (add it with: mscd-hub venue add).").format(
                name=name
            )
        )
    return Venue(row.id, row.name, row.created_at)


# -- devices and tokens ---------------------------------------------------------------------


def _check_public_key(public_key: str | None) -> str | None:
    if public_key is None:
        return None
    if decoded_length(public_key) != 32:
        raise ValidationError(
            _("device_public_key must be a raw Ed25519 public key in base64url."),
            field="device_public_key",
        )
    return public_key


def _insert_device(db: Connection, venue: Venue, name: str, public_key: str | None) -> IssuedToken:
    name = " ".join(name.split())[:200] or _("Unnamed device")
    token, now, device_id = new_token(), utc_now(), new_id()
    db.execute(
        insert(devices).values(
            id=device_id,
            venue_id=venue.id,
            name=name,
            public_key=_check_public_key(public_key),
            token_hash=hash_secret(token),
            token_created_at=now,
            created_at=now,
        )
    )
    device = Device(device_id, venue.id, venue.name, name, public_key, None, None, now)
    return IssuedToken(device=device, token=token)


def create_token(
    engine: Engine, venue_name: str, device_name: str = "", public_key: str | None = None
) -> IssuedToken:
    """A new device of *venue_name* with its token (for scripted set-ups)."""
    with writing(engine) as db:
        venue = venue_by_name(db, venue_name)
        return _insert_device(db, venue, device_name or _("Scripted device"), public_key)


def _device_query():
    return select(devices, venues.c.name.label("venue")).join(
        venues, venues.c.id == devices.c.venue_id
    )


def _device(row) -> Device:
    return Device(
        id=row.id,
        venue_id=row.venue_id,
        venue=row.venue,
        name=row.name,
        public_key=row.public_key,
        revoked_at=row.revoked_at,
        last_seen_at=row.last_seen_at,
        created_at=row.created_at,
    )


def list_devices(engine: Engine, venue_name: str | None = None) -> list[Device]:
    """Devices, newest first, of one venue or of all."""
    query = _device_query().order_by(devices.c.created_at.desc())
    if venue_name:
        query = query.where(venues.c.name == venue_name)
    with reading(engine) as db:
        return [_device(row) for row in db.execute(query)]


def get_device(db: Connection, device_id: str) -> Device:
    """The device *device_id*; NotFoundError otherwise."""
    row = db.execute(_device_query().where(devices.c.id == device_id)).first()
    if row is None:
        raise NotFoundError(_("There is no device {id}.").format(id=device_id))
    return _device(row)


def device_for_token(db: Connection, token: str) -> Device | None:
    """The device holding *token* (revoked ones too: check ``revoked_at``), or None."""
    row = db.execute(_device_query().where(devices.c.token_hash == hash_secret(token))).first()
    return _device(row) if row else None


def revoke_device(engine: Engine, device_id: str) -> Device:
    """Revoke a device: its token gives 401 from now on."""
    with writing(engine) as db:
        get_device(db, device_id)
        db.execute(
            update(devices)
            .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
            .values(revoked_at=utc_now())
        )
        return get_device(db, device_id)


def rotate_token(engine: Engine, device_id: str) -> IssuedToken:
    """A new token for a device; the old one stops working at once."""
    token = new_token()
    with writing(engine) as db:
        device = get_device(db, device_id)
        if device.revoked_at:
            raise ValidationError(_("A revoked device gets no new token; enrol it again."))
        db.execute(
            update(devices)
            .where(devices.c.id == device_id)
            .values(token_hash=hash_secret(token), token_created_at=utc_now())
        )
    return IssuedToken(device=device, token=token)


# -- enrolment ------------------------------------------------------------------------------


def create_enrol_code(
    engine: Engine, venue_name: str, hub_url: str = "", hours: float = CODE_HOURS
) -> EnrolCode:
    """A one-time code for a new device of *venue_name*, valid for *hours*."""
    code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
    expires = (datetime.now(UTC) + timedelta(hours=hours)).isoformat(timespec="milliseconds")
    expires = expires.replace("+00:00", "Z")
    with writing(engine) as db:
        venue = venue_by_name(db, venue_name)
        db.execute(
            insert(enrol_codes).values(
                code_hash=hash_secret(code),
                venue_id=venue.id,
                created_at=utc_now(),
                expires_at=expires,
            )
        )
    shown = format_code(code)
    qr_text = f"{ENROL_SCHEME}{hub_url.rstrip('/')}#{shown}" if hub_url else ""
    return EnrolCode(code=shown, venue=venue.name, expires_at=expires, qr_text=qr_text)


def _window_start(now: datetime) -> str:
    minutes = (now.hour * 60 + now.minute) // FAILURE_WINDOW_MINUTES * FAILURE_WINDOW_MINUTES
    start = now.replace(hour=minutes // 60, minute=minutes % 60, second=0, microsecond=0)
    return start.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _retry_after(now: datetime) -> int:
    passed = (now.minute % FAILURE_WINDOW_MINUTES) * 60 + now.second
    return max(1, FAILURE_WINDOW_MINUTES * 60 - passed)


def enrol(
    engine: Engine, code: str, device_name: str, public_key: str | None, address: str
) -> IssuedToken:
    """Trade a one-time *code* for a device token; EnrolRefused / RateLimited otherwise."""
    public_key = _check_public_key(public_key)
    now = datetime.now(UTC)
    window = _window_start(now)
    with writing(engine) as db:
        failures = db.execute(
            select(enrol_failures.c.failures).where(
                enrol_failures.c.address == address[:64],
                enrol_failures.c.window_start == window,
            )
        ).scalar()
        if failures is not None and failures >= FAILURE_LIMIT:
            raise RateLimited(
                _("Too many wrong enrolment codes from this address; try again later."),
                _retry_after(now),
            )
        used = db.execute(
            update(enrol_codes)
            .where(
                enrol_codes.c.code_hash == hash_secret(normalise_code(code)),
                enrol_codes.c.used_at.is_(None),
                enrol_codes.c.expires_at > utc_now(),
            )
            .values(used_at=utc_now())
            .returning(enrol_codes.c.venue_id)
        ).first()
        if used is not None:
            venue_row = db.execute(select(venues).where(venues.c.id == used.venue_id)).one()
            venue = Venue(venue_row.id, venue_row.name, venue_row.created_at)
            issued = _insert_device(db, venue, device_name, public_key)
            db.execute(
                update(enrol_codes)
                .where(enrol_codes.c.code_hash == hash_secret(normalise_code(code)))
                .values(device_id=issued.device.id)
            )
            return issued
        _count_failure(db, address[:64], window, failures)
    raise EnrolRefused(_("This enrolment code is unknown, already used or expired."))


def _count_failure(db: Connection, address: str, window: str, failures: int | None) -> None:
    if failures is None:
        try:
            with db.begin_nested():
                db.execute(
                    insert(enrol_failures).values(address=address, window_start=window, failures=1)
                )
            return
        except IntegrityError:
            pass  # another worker counted the first failure at the same moment
    db.execute(
        update(enrol_failures)
        .where(enrol_failures.c.address == address, enrol_failures.c.window_start == window)
        .values(failures=enrol_failures.c.failures + 1)
    )
