"""Pieces every document page shares: the cluster's colours, the event's logos and the
organiser's signature made ready for reportlab once per batch, and a row of logos.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from mscd_desktop.core.documents import event_settings as es
from mscd_desktop.core.store import Store

RGB = tuple[float, float, float]
GREEN = (0.0, 0.45, 0.35)  # the app's accent, as on badges
DARK = (0.13, 0.17, 0.2)
GREY = (0.42, 0.45, 0.48)
LIGHT = (0.93, 0.96, 0.95)
AMBER = (0.90, 0.62, 0.0)  # Okabe-Ito orange: the children's accent
SKY = (0.34, 0.71, 0.91)  # Okabe-Ito sky blue


@dataclass(frozen=True)
class Picture:
    """A logo or signature ready to draw: a JPEG file of it, its width/height ratio, and
    what it is (for messages)."""

    path: str
    aspect: float
    label: str


@dataclass(frozen=True)
class EventArt:
    """The event's logos and signature, decoded once for a whole batch of pages."""

    logos: tuple[Picture, ...] = ()
    signature: Picture | None = None
    signer_name: str = ""
    signer_role: str = ""


_prepared: dict[tuple, str] = {}
_folder: list[Path] = []


def _prepared_folder() -> Path:
    if not _folder:
        _folder.append(Path(tempfile.mkdtemp(prefix="mscd-pictures-")))
        atexit.register(shutil.rmtree, _folder[0], True)
    return _folder[0]


def _picture(image: es.EventImage, max_w: int, max_h: int) -> Picture:
    """*image* as a JPEG file at print size, flattened onto the white page.

    Every certificate file embeds its own copy; reportlab copies a JPEG file as it is,
    where a PNG would be decoded, hashed and compressed again for each file.
    """
    key = (image.id, image.updated_at, max_w, max_h)
    if key not in _prepared:
        picture = es.open_picture(image).convert("RGBA")
        picture.thumbnail((max_w, max_h), Image.Resampling.LANCZOS)  # about 300 dpi
        flat = Image.new("RGB", picture.size, "white")
        flat.paste(picture, mask=picture.getchannel("A"))
        path = _prepared_folder() / f"{image.id}-{len(_prepared)}.jpg"
        flat.save(path, format="JPEG", quality=92)
        _prepared[key] = str(path)
    with Image.open(_prepared[key]) as done:
        aspect = done.width / done.height
    return Picture(_prepared[key], aspect, image.label)


def load_event_art(store: Store, event_id: str) -> EventArt:
    """The event's logos, signature and signer, scaled for print (about 300 dpi: logos are
    printed at most 17 mm high, the signature 18 mm)."""
    signer = es.signer(store, event_id)
    signature = es.signature(store, event_id)
    return EventArt(
        logos=tuple(_picture(image, 660, 220) for image in es.logos(store, event_id)),
        signature=_picture(signature, 830, 220) if signature else None,
        signer_name=signer["name"],
        signer_role=signer["role"],
    )


def draw_picture(
    canvas: Canvas, picture: Picture, x: float, y: float, max_w: float, max_h: float
) -> float:
    """Draw *picture* inside the box at (x, y) keeping its shape, bottom-left aligned;
    returns the width used."""
    width = min(max_w, max_h * picture.aspect)
    height = width / picture.aspect
    canvas.drawImage(picture.path, x, y, width, height)
    return width


def draw_logo_row(
    canvas: Canvas, logos: tuple[Picture, ...], left: float, right: float, y: float, h: float
) -> None:
    """The logos side by side, centred between *left* and *right*, bottoms at *y*."""
    if not logos:
        return
    gap = h * 0.5
    widths = [min(h * logo.aspect, (right - left) / len(logos) - gap) for logo in logos]
    x = (left + right - sum(widths) - gap * (len(logos) - 1)) / 2
    for logo, width in zip(logos, widths, strict=True):
        draw_picture(canvas, logo, x, y, width, h)
        x += width + gap
