"""Pieces every document page shares: the cluster's colours, the event's logos and the
organiser's signature made ready for reportlab once per batch, and a row of logos.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from mscd_desktop.core.documents import event_settings as es
from mscd_desktop.core.store import Store

GREEN = (0.0, 0.45, 0.35)  # the app's accent, as on badges
DARK = (0.13, 0.17, 0.2)
GREY = (0.42, 0.45, 0.48)
LIGHT = (0.93, 0.96, 0.95)
AMBER = (0.90, 0.62, 0.0)  # Okabe-Ito orange: the children's accent
SKY = (0.34, 0.71, 0.91)  # Okabe-Ito sky blue


@dataclass(frozen=True)
class Picture:
    """A logo or signature ready to draw: reportlab's reader and the width/height ratio."""

    reader: ImageReader
    aspect: float
    label: str


@dataclass(frozen=True)
class EventArt:
    """The event's logos and signature, decoded once for a whole batch of pages."""

    logos: tuple[Picture, ...] = ()
    signature: Picture | None = None
    signer_name: str = ""
    signer_role: str = ""


def _picture(image: es.EventImage, max_px: int) -> Picture:
    picture = es.open_picture(image)
    picture.thumbnail((max_px, max_px), Image.Resampling.LANCZOS)
    if picture.mode not in ("RGB", "RGBA"):
        picture = picture.convert("RGBA")
    return Picture(ImageReader(picture), picture.width / picture.height, image.label)


def load_event_art(store: Store, event_id: str) -> EventArt:
    """The event's logos, signature and signer, scaled for print (about 300 dpi)."""
    signer = es.signer(store, event_id)
    signature = es.signature(store, event_id)
    return EventArt(
        logos=tuple(_picture(image, 600) for image in es.logos(store, event_id)),
        signature=_picture(signature, 700) if signature else None,
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
    canvas.drawImage(picture.reader, x, y, width, height, mask="auto")
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
