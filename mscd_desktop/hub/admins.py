"""Admin accounts: scrypt password hashes and sign-in sessions kept in the database.

Sessions live in the database (not in a worker's memory), so any worker serves any admin.
A session cookie holds a random token; the database keeps its SHA-256 and a CSRF token
that every admin form must send back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, delete, insert, select, update

from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.ids import utc_now
from mscd_desktop.hub.db import reading, writing
from mscd_desktop.hub.devices import hash_secret
from mscd_desktop.hub.language import hub_gettext as _
from mscd_desktop.hub.schema import admin_sessions, admins

SESSION_HOURS = 12
MIN_PASSWORD = 10
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class SignInRefused(MscdError):
    """A wrong user name or password."""


@dataclass(frozen=True)
class Session:
    """A signed-in admin."""

    username: str
    csrf_token: str
    expires_at: str


def hash_password(password: str) -> str:
    """``scrypt$n$r$p$salt$hash`` of *password* (hex salt and hash)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${salt.hex()}${digest.hex()}"


def password_matches(password: str, stored: str) -> bool:
    """Whether *password* hashes to *stored* (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        computed = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest) // 2,
        )
    except ValueError:
        return False
    return hmac.compare_digest(computed.hex(), digest)


def set_password(engine: Engine, username: str, password: str) -> None:
    """Create admin *username* or change their password."""
    username = username.strip()
    if not username or len(username) > 100:
        raise ValidationError(_("An admin needs a user name of 1 to 100 characters."))
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            _("An admin password needs at least {n} characters.").format(n=MIN_PASSWORD)
        )
    hashed, now = hash_password(password), utc_now()
    with writing(engine) as db:
        exists = db.execute(select(admins.c.username).where(admins.c.username == username))
        if exists.first():
            db.execute(
                update(admins)
                .where(admins.c.username == username)
                .values(password_hash=hashed, updated_at=now)
            )
            # a new password signs every open session of that admin out
            db.execute(delete(admin_sessions).where(admin_sessions.c.username == username))
        else:
            db.execute(
                insert(admins).values(
                    username=username, password_hash=hashed, created_at=now, updated_at=now
                )
            )


def has_admin(engine: Engine) -> bool:
    """Whether any admin account exists."""
    with reading(engine) as db:
        return db.execute(select(admins.c.username).limit(1)).first() is not None


def sign_in(engine: Engine, username: str, password: str) -> tuple[str, Session]:
    """A new session cookie value and its session; SignInRefused on a wrong password."""
    with reading(engine) as db:
        row = db.execute(select(admins).where(admins.c.username == username.strip())).first()
    if row is None or not password_matches(password, row.password_hash):
        raise SignInRefused(_("Wrong user name or password."))
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(hours=SESSION_HOURS)
    expires_at = expires.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    with writing(engine) as db:
        db.execute(delete(admin_sessions).where(admin_sessions.c.expires_at < utc_now()))
        db.execute(
            insert(admin_sessions).values(
                token_hash=hash_secret(cookie),
                username=row.username,
                csrf_token=csrf,
                created_at=utc_now(),
                expires_at=expires_at,
            )
        )
    return cookie, Session(row.username, csrf, expires_at)


def session_for(engine: Engine, cookie: str | None) -> Session | None:
    """The live session of a cookie value, or None."""
    if not cookie:
        return None
    with reading(engine) as db:
        row = db.execute(
            select(admin_sessions).where(
                admin_sessions.c.token_hash == hash_secret(cookie),
                admin_sessions.c.expires_at > utc_now(),
            )
        ).first()
    return Session(row.username, row.csrf_token, row.expires_at) if row else None


def sign_out(engine: Engine, cookie: str | None) -> None:
    """End the session of a cookie value."""
    if cookie:
        with writing(engine) as db:
            db.execute(
                delete(admin_sessions).where(admin_sessions.c.token_hash == hash_secret(cookie))
            )
