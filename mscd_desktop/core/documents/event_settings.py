"""Per-event settings of the documents: logos, the organiser's signature, other choices.

Pictures are read, checked and stored **inside the database** (as PNG, at most 1600 px),
so a certificate still prints when the original file was moved, and a broken or missing
file is refused when it is set, with its name, not at printing time. Other settings are
small JSON values under a key (``signer``, ``certificate_texts``, ``eu_reporting``), each
owned by the module that uses it.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils
from PIL import Image, UnidentifiedImageError

from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.events import get_event
from mscd_desktop.core.ids import stamped, utc_now
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import N_, _

IMAGE_KINDS = {"logo": N_("logo"), "signature": N_("signature")}
MAX_LOGOS = 4
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_SIDE = 1600  # px: 135 mm at 300 dpi, more than any logo or signature is printed


def _create_tables(db: sqlite_utils.Database) -> None:
    db.execute("""
        CREATE TABLE event_settings (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id),
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            UNIQUE (event_id, key)
        )""")
    db.execute("""
        CREATE TABLE event_images (
            id TEXT PRIMARY KEY,
            event_id TEXT NOT NULL REFERENCES events(id),
            kind TEXT NOT NULL CHECK (kind IN ('logo', 'signature')),
            position INTEGER NOT NULL,
            file_name TEXT NOT NULL,
            png BLOB NOT NULL,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""")
    db.execute("CREATE INDEX idx_event_images_event ON event_images(event_id, kind, position)")


MIGRATIONS = [_create_tables]


# -- small settings ------------------------------------------------------------------------


def get_setting(store: Store, event_id: str, key: str, default: Any = None) -> Any:
    """The JSON value kept for the event under *key*, or *default*."""
    with store.read() as db:
        row = db.execute(
            "SELECT value FROM event_settings WHERE event_id = ? AND key = ?", [event_id, key]
        ).fetchone()
    return json.loads(row[0]) if row else default


def put_setting(store: Store, event_id: str, key: str, value: Any) -> None:
    """Keep *value* (JSON-able) for the event under *key*; None removes it."""
    get_event(store, event_id)
    with store.transaction() as db:
        if value is None:
            db.execute("DELETE FROM event_settings WHERE event_id = ? AND key = ?", [event_id, key])
            return
        text = json.dumps(value, ensure_ascii=False, sort_keys=True)
        now = utc_now()
        cursor = db.execute(
            "UPDATE event_settings SET value = ?, updated_at = ? WHERE event_id = ? AND key = ?",
            [text, now, event_id, key],
        )
        if cursor.rowcount == 0:
            db.table("event_settings").insert(
                stamped({"event_id": event_id, "key": key, "value": text}, now=now)
            )


# -- pictures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventImage:
    """A logo or the signature, as stored (PNG bytes)."""

    id: str
    event_id: str
    kind: str
    position: int
    file_name: str
    png: bytes
    width: int
    height: int
    updated_at: str = ""

    @property
    def label(self) -> str:
        """What the picture is, for messages: ``logo 'eu-flag.png'``."""
        return f"{_(IMAGE_KINDS[self.kind])} '{self.file_name}'"

    def as_dict(self) -> dict:
        """Plain data for JSON output (without the picture itself)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "position": self.position,
            "file_name": self.file_name,
            "width": self.width,
            "height": self.height,
        }


def read_picture(path: str | Path, kind: str = "logo") -> tuple[bytes, int, int]:
    """Read a logo or signature file: PNG bytes (at most 1600 px a side), width, height.

    A missing file, an empty or broken one, or one that is not a picture is refused with
    a message naming the file.
    """
    path = Path(path)
    what = _(IMAGE_KINDS.get(kind, kind))
    if not path.is_file():
        raise ValidationError(
            _("The {what} file {file} does not exist.").format(what=what, file=path), field=kind
        )
    if path.stat().st_size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The {what} file {file} is larger than 20 MB; use a smaller picture.").format(
                what=what, file=path
            ),
            field=kind,
        )
    try:
        with Image.open(path) as probe:
            probe.verify()  # checks the whole file's structure
        with Image.open(path) as opened:
            opened.load()
            picture = opened.convert("RGBA")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _(
                "The {what} file {file} cannot be read as a picture ({error}). "
                "Use a PNG or JPEG file."
            ).format(what=what, file=path, error=exc),
            field=kind,
        ) from exc
    if min(picture.size) < 8:
        raise ValidationError(
            _("The {what} file {file} is too small to print ({w}×{h} px).").format(
                what=what, file=path, w=picture.width, h=picture.height
            ),
            field=kind,
        )
    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue(), picture.width, picture.height


def _store_pictures(store: Store, event_id: str, kind: str, paths: list[Path]) -> None:
    get_event(store, event_id)
    read = [(Path(p).name, *read_picture(p, kind)) for p in paths]  # all checked first
    now = utc_now()
    with store.transaction() as db:
        db.execute("DELETE FROM event_images WHERE event_id = ? AND kind = ?", [event_id, kind])
        for position, (name, png, width, height) in enumerate(read):
            db.table("event_images").insert(
                stamped(
                    {
                        "event_id": event_id,
                        "kind": kind,
                        "position": position,
                        "file_name": name,
                        "png": png,
                        "width": width,
                        "height": height,
                    },
                    now=now,
                )
            )


def set_logos(store: Store, event_id: str, paths: list[str | Path]) -> list[EventImage]:
    """Replace the event's logos (printed left to right in this order; none removes them)."""
    if len(paths) > MAX_LOGOS:
        raise ValidationError(
            _("At most {n} logos fit on a page.").format(n=MAX_LOGOS), field="logo"
        )
    _store_pictures(store, event_id, "logo", [Path(p) for p in paths])
    return logos(store, event_id)


def set_signature(store: Store, event_id: str, path: str | Path | None) -> EventImage | None:
    """Set the organiser's signature printed on certificates (None removes it)."""
    _store_pictures(store, event_id, "signature", [Path(path)] if path else [])
    return signature(store, event_id)


def _images(store: Store, event_id: str, kind: str) -> list[EventImage]:
    with store.read() as db:
        rows = db.execute(
            "SELECT id, event_id, kind, position, file_name, png, width, height, updated_at "
            "FROM event_images WHERE event_id = ? AND kind = ? ORDER BY position",
            [event_id, kind],
        ).fetchall()
    return [EventImage(*row) for row in rows]


def logos(store: Store, event_id: str) -> list[EventImage]:
    """The event's logos, in printing order."""
    return _images(store, event_id, "logo")


def signature(store: Store, event_id: str) -> EventImage | None:
    """The organiser's signature, if one was set."""
    found = _images(store, event_id, "signature")
    return found[0] if found else None


def open_picture(image: EventImage) -> Image.Image:
    """The stored picture as a Pillow image; a damaged one is named in the error."""
    try:
        picture = Image.open(io.BytesIO(image.png))
        picture.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise MscdError(
            _("The event's {label} is damaged in the database; set it again.").format(
                label=image.label
            )
        ) from exc
    return picture


def signer(store: Store, event_id: str) -> dict[str, str]:
    """Who signs the certificates: ``{"name": ..., "role": ...}`` (empty strings if unset)."""
    saved = get_setting(store, event_id, "signer", {}) or {}
    return {"name": saved.get("name", ""), "role": saved.get("role", "")}


def set_signer(
    store: Store, event_id: str, name: str | None = None, role: str | None = None
) -> dict[str, str]:
    """Change the name and/or role printed under the signature (None keeps, '' clears)."""
    current = signer(store, event_id)
    for key, value in (("name", name), ("role", role)):
        if value is not None:
            value = " ".join(value.split())
            if len(value) > 120:
                raise ValidationError(
                    _("The signer's {what} is too long (120 characters at most).").format(
                        what=_("name") if key == "name" else _("role")
                    ),
                    field=f"signer_{key}",
                )
            current[key] = value
    put_setting(store, event_id, "signer", current if any(current.values()) else None)
    return current
