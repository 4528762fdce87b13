"""The event file that carries one event to another laptop, sealed with a passphrase.

A JSON envelope: a readable header (what the file is, which app and schema wrote it, the
event's name and day, the key derivation's parameters) and the encrypted content. Every
row travels encrypted (names and e-mails are personal data on a USB stick), and so do the
event's private signing keys. The key comes from the passphrase through scrypt
(``cryptography``); the content is AES-256-GCM with the header as associated data, so a
changed header is caught like a changed content. A short check value, derived from the
passphrase alongside the key, tells a wrong passphrase apart from a damaged file.

Files are written atomically (a temporary file in the same folder, fsync, rename) and
readable only by their owner. Reading checks, in this order: that the file is ours and
whole, that no newer version wrote it, then the passphrase.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.private_files import FILE_MODE
from mscd_desktop.i18n import _

FORMAT = "mscd-event"
FORMAT_VERSION = 1
MIN_PASSPHRASE = 8
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1  # 32 MiB and about 0.1 s per try
_NONCE_BYTES = 12
_CHECK_PURPOSE = b"mscd event file passphrase check v1"


class EventFileError(MscdError):
    """The event file cannot be read: not ours, damaged, or from a newer version."""


class NewerEventFileError(EventFileError):
    """The event file was written by a newer version of the app."""


class WrongPassphraseError(EventFileError):
    """The passphrase does not open the event file."""


@dataclass(frozen=True)
class EventFileHeader:
    """What can be read from an event file without the passphrase."""

    format_version: int
    app_version: str
    schema: dict[str, int]
    event_id: str
    event_name: str
    event_date: str
    exported_at: str
    kdf: dict[str, Any]


def check_passphrase(passphrase: str) -> None:
    """Refuse a passphrase too short to protect the keys (ValidationError)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationError(
            _("The passphrase must have at least {n} characters.").format(n=MIN_PASSPHRASE),
            field="passphrase",
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _keys(passphrase: str, kdf: dict[str, Any]) -> tuple[bytes, str]:
    """The content key and the check value for *passphrase* with *kdf*'s parameters."""
    material = Scrypt(
        salt=base64.b64decode(kdf["salt"]), length=64, n=kdf["n"], r=kdf["r"], p=kdf["p"]
    ).derive(passphrase.encode("utf-8"))
    check = hmac.new(material[32:], _CHECK_PURPOSE, hashlib.sha256).hexdigest()[:16]
    return material[:32], check


def _header_bytes(header: dict[str, Any]) -> bytes:
    return json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")


def write_event_file(
    path: Path, header: EventFileHeader | dict[str, Any], content: dict, passphrase: str
) -> Path:
    """Seal *content* with *passphrase* and write it to *path*, atomically, 0600.

    *header* gives the event and schema fields of :class:`EventFileHeader` (the format,
    salt and parameters are filled here).
    """
    check_passphrase(passphrase)
    fields = header if isinstance(header, dict) else header.__dict__
    kdf = {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
    kdf["salt"] = _b64(os.urandom(16))
    key, check = _keys(passphrase, kdf)
    kdf["check"] = check
    head = {**fields, "format": FORMAT, "format_version": FORMAT_VERSION, "kdf": kdf}
    nonce = os.urandom(_NONCE_BYTES)
    plain = zlib.compress(json.dumps(content, ensure_ascii=False).encode("utf-8"), 6)
    sealed = AESGCM(key).encrypt(nonce, plain, _header_bytes(head))
    document = {"header": head, "content": _b64(nonce + sealed)}
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _damaged(path: Path, reason: str) -> EventFileError:
    return EventFileError(
        _("{file} is not an mscd-desktop event file, or it is damaged ({reason}).").format(
            file=path, reason=reason
        )
    )


def _load(path: Path) -> dict[str, Any]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise EventFileError(
            _("{file} cannot be read: {error}").format(file=path, error=exc.strerror or exc)
        ) from exc
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged(path, _("not readable as JSON: {error}").format(error=exc)) from exc
    if not isinstance(document, dict) or not isinstance(document.get("header"), dict):
        raise _damaged(path, _("no header"))
    if document["header"].get("format") != FORMAT:
        raise _damaged(path, _("it is not an event file"))
    return document


def read_header(path: Path) -> EventFileHeader:
    """The readable part of the event file at *path*; EventFileError when the file is
    not ours or damaged, NewerEventFileError when a newer version wrote it."""
    head = _load(path)["header"]
    version = head.get("format_version")
    if not isinstance(version, int):
        raise _damaged(path, _("no format version"))
    if version > FORMAT_VERSION:
        raise NewerEventFileError(
            _(
                "{file} was written by a newer version of mscd-desktop ({version}). Update "
                "the app on this laptop to import it; nothing was changed."
            ).format(file=path, version=head.get("app_version", "?"))
        )
    try:
        return EventFileHeader(
            format_version=version,
            app_version=str(head["app_version"]),
            schema={str(k): int(v) for k, v in head["schema"].items()},
            event_id=str(head["event_id"]),
            event_name=str(head["event_name"]),
            event_date=str(head["event_date"]),
            exported_at=str(head["exported_at"]),
            kdf=dict(head["kdf"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise _damaged(path, _("the header lacks {field}").format(field=exc)) from exc


def read_event_file(path: Path, passphrase: str) -> tuple[EventFileHeader, dict]:
    """The header and content of the event file at *path*, opened with *passphrase*."""
    header = read_header(path)
    document = _load(path)
    kdf = header.kdf
    try:
        if kdf.get("name") != "scrypt":
            raise ValueError(kdf.get("name"))
        key, check = _keys(passphrase, kdf)
        blob = base64.b64decode(document["content"], validate=True)
    except (KeyError, TypeError, ValueError, binascii.Error) as exc:
        raise _damaged(path, _("unreadable key parameters or content")) from exc
    if not hmac.compare_digest(check, str(kdf.get("check", ""))):
        raise WrongPassphraseError(
            _("The passphrase does not open {file}; nothing was changed.").format(file=path)
        )
    try:
        plain = AESGCM(key).decrypt(
            blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], _header_bytes(document["header"])
        )
        content = json.loads(zlib.decompress(plain).decode("utf-8"))
    except (InvalidTag, zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _damaged(path, _("its content was changed or cut short")) from exc
    if not isinstance(content, dict):
        raise _damaged(path, _("its content was changed or cut short"))
    return header, content
