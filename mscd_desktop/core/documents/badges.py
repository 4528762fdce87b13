"""Printable name badges and tickets with the signed QR and the short code (reportlab).

Text is set in DejaVu Sans (shipped in ``resources/fonts``) so every EU letter prints
(Łódź, Čapek, Ștefan, Ελένη); every label goes through ``_()``. The QR is drawn as
vector rectangles from the ``qrcode`` matrix: crisp on any printer and fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import qrcode
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from mscd_desktop.core import tickets as tk
from mscd_desktop.core.attendees import get_attendee, get_group, role_label
from mscd_desktop.core.documents import fonts
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.events import Event, audience_label
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

FONT, FONT_BOLD = fonts.FONT, fonts.FONT_BOLD
BADGE_W, BADGE_H = 90 * mm, 55 * mm
COLUMNS, ROWS = 2, 5


class Cancelled(MscdError):
    """The person stopped the PDF before it was finished (no file was written)."""


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold), shipped with the app, with reportlab."""
    fonts.register_fonts()


@dataclass(frozen=True)
class BadgeItem:
    """One badge or ticket: who, what to print under the name, and the codes."""

    name: str
    subtitle: str
    label: str
    code: str
    short_code: str


def badge_items(
    store: Store, event_id: str, ticket_ids: tuple[str, ...] | None = None
) -> list[BadgeItem]:
    """A badge for every active ticket of the event, or only for *ticket_ids*."""
    items = []
    for ticket in tk.list_tickets(store, event_id):
        if ticket_ids is not None and ticket.id not in ticket_ids:
            continue
        if ticket.group_id:
            group = get_group(store, ticket.group_id)
            name = f"{group.class_name} · {group.school}"
            subtitle = _("Class ticket: admits {count} people").format(count=len(group.member_ids))
            label = _("School class")
        elif ticket.attendee_id:
            person = get_attendee(store, ticket.attendee_id)
            name, subtitle = person.name, person.organisation
            label = audience_label(person.audience) if person.audience else role_label(person.role)
            if person.role != "adult":
                label = f"{label} · {role_label(person.role)}"
        else:
            name, subtitle, label = _("Guest"), "", ""
        items.append(BadgeItem(name, subtitle, label, ticket.code, ticket.short_code))
    return items


def qr_matrix(code: str) -> list[list[bool]]:
    """The modules of *code* as a level-M QR code (True = dark), without quiet zone.

    zxing-cpp writes it in about 0.1 ms; the ``qrcode`` package, which tries all eight
    masks in Python, takes about 25 ms, which made 50,000 badges a twenty-minute job.
    """
    try:
        import numpy as np
        import zxingcpp

        symbol = zxingcpp.create_barcode(code, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
        pixels = np.asarray(symbol.to_image(scale=1, add_quiet_zones=False))
        modules: list[list[bool]] = (pixels < 128).tolist()
        return modules
    except (ImportError, AttributeError):  # an older zxing-cpp without create_barcode
        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        qr.add_data(code)
        qr.make(fit=True)
        return qr.get_matrix()


def draw_qr(canvas: Canvas, code: str, x: float, y: float, size: float) -> None:
    """Draw *code* as a level-M QR code with a 2-module quiet zone, *size* wide, lower-left
    corner at (x, y); dark runs of a row are drawn as one rectangle each."""
    matrix = qr_matrix(code)
    cell = size / (len(matrix) + 4)
    path = canvas.beginPath()
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 3) * cell
        col = 0
        while col < len(row):
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                path.rect(x + (start + 2) * cell, top, (col - start) * cell, cell)
            col += 1
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float, smallest: float = 7) -> float:
    while size > smallest and pdfmetrics.stringWidth(text, font, size) > width:
        size -= 0.5
    return size


def _name_lines(name: str, width: float) -> tuple[list[str], float]:
    """One line of at least 13 pt if it fits, else two lines (split at a space)."""
    size = _fit(name, FONT_BOLD, 17, width, smallest=13)
    if pdfmetrics.stringWidth(name, FONT_BOLD, size) <= width or " " not in name:
        return [name], _fit(name, FONT_BOLD, 17, width)
    words = name.split()
    best = min(
        range(1, len(words)),
        key=lambda i: max(
            pdfmetrics.stringWidth(" ".join(words[:i]), FONT_BOLD, 15),
            pdfmetrics.stringWidth(" ".join(words[i:]), FONT_BOLD, 15),
        ),
    )
    lines = [" ".join(words[:best]), " ".join(words[best:])]
    return lines, min(_fit(line, FONT_BOLD, 15, width, smallest=9) for line in lines)


def _clip(text: str, font: str, size: float, width: float) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_badge(canvas: Canvas, event: Event, item: BadgeItem, x: float, y: float) -> None:
    canvas.setStrokeColorRGB(0.75, 0.75, 0.75)
    canvas.setLineWidth(0.3)
    canvas.rect(x, y, BADGE_W, BADGE_H, stroke=1, fill=0)
    qr_size = 34 * mm
    text_w = BADGE_W - qr_size - 9 * mm
    canvas.setFillColorRGB(0.0, 0.45, 0.35)
    canvas.rect(x, y + BADGE_H - 9 * mm, BADGE_W, 9 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.setFont(FONT_BOLD, 8)
    canvas.drawString(
        x + 4 * mm, y + BADGE_H - 6 * mm, _clip(event.name, FONT_BOLD, 8, BADGE_W - 8 * mm)
    )
    canvas.setFillColorRGB(0, 0, 0)
    lines, size = _name_lines(item.name, text_w)
    top = y + BADGE_H - 16 * mm
    canvas.setFont(FONT_BOLD, size)
    for line in lines:
        canvas.drawString(x + 4 * mm, top, _clip(line, FONT_BOLD, size, text_w))
        top -= size * 1.15
    canvas.setFont(FONT, 8.5)
    for line in simpleSplit(item.subtitle, FONT, 8.5, text_w)[:2]:
        top -= 1.5 * mm
        canvas.drawString(x + 4 * mm, top, _clip(line, FONT, 8.5, text_w))
        top -= 8.5 * 0.6
    canvas.setFont(FONT_BOLD, 9)
    canvas.setFillColorRGB(0.0, 0.45, 0.35)
    canvas.drawString(x + 4 * mm, y + 6 * mm, _clip(item.label, FONT_BOLD, 9, text_w))
    canvas.setFillColorRGB(0, 0, 0)
    qx, qy = x + BADGE_W - qr_size - 3 * mm, y + 6 * mm
    draw_qr(canvas, item.code, qx, qy, qr_size)
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(qx + qr_size / 2, y + 3 * mm, item.short_code)


def _draw_ticket(canvas: Canvas, event: Event, item: BadgeItem) -> None:
    width, height = A4
    canvas.setFillColorRGB(0.0, 0.45, 0.35)
    canvas.rect(0, height - 40 * mm, width, 40 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    size = _fit(event.name, FONT_BOLD, 22, width - 30 * mm)
    canvas.setFont(FONT_BOLD, size)
    canvas.drawString(15 * mm, height - 20 * mm, event.name)
    canvas.setFont(FONT, 12)
    where = ", ".join(p for p in (event.venue, event.city) if p)
    canvas.drawString(15 * mm, height - 31 * mm, f"{event.date} · {where}")
    canvas.setFillColorRGB(0, 0, 0)
    size = _fit(item.name, FONT_BOLD, 30, width - 30 * mm)
    canvas.setFont(FONT_BOLD, size)
    canvas.drawCentredString(width / 2, height - 62 * mm, item.name)
    canvas.setFont(FONT, 14)
    canvas.drawCentredString(width / 2, height - 72 * mm, item.subtitle)
    canvas.drawCentredString(width / 2, height - 81 * mm, item.label)
    qr_size = 80 * mm
    draw_qr(canvas, item.code, (width - qr_size) / 2, height - 170 * mm, qr_size)
    canvas.setFont(FONT_BOLD, 18)
    canvas.drawCentredString(width / 2, height - 180 * mm, item.short_code)
    canvas.setFont(FONT, 11)
    canvas.drawCentredString(
        width / 2,
        height - 192 * mm,
        _(
            "Show this code at the entrance. If it will not scan, "
            "the desk can type the number under it."
        ),
    )


def write_pdf(
    path: Path,
    event: Event,
    items: Sequence[BadgeItem],
    *,
    layout: str = "badges",
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write badges (10 per A4 sheet) or single tickets (one per page); returns pages.

    The file appears only when complete (written next to it, then renamed).
    """
    if layout not in ("badges", "tickets"):
        raise MscdError(
            _("Unknown layout '{layout}'; use badges or tickets.").format(layout=layout)
        )
    if not items:
        raise MscdError(_("There is nobody to print a badge for: import or add people first."))
    register_fonts()
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    canvas = Canvas(str(partial), pagesize=A4)
    canvas.setTitle(_("Badges: {event}").format(event=event.name))
    per_page = COLUMNS * ROWS if layout == "badges" else 1
    pages = 0
    left = (A4[0] - COLUMNS * BADGE_W) / 2
    bottom = (A4[1] - ROWS * BADGE_H) / 2
    for index, item in enumerate(items):
        if is_cancelled and is_cancelled():
            partial.unlink(missing_ok=True)
            raise Cancelled(_("Printing was cancelled; no file was written."))
        slot = index % per_page
        if slot == 0 and index:
            canvas.showPage()
        if slot == 0:
            pages += 1
        if layout == "badges":
            col, row = slot % COLUMNS, slot // COLUMNS
            _draw_badge(
                canvas, event, item, left + col * BADGE_W, bottom + (ROWS - 1 - row) * BADGE_H
            )
        else:
            _draw_ticket(canvas, event, item)
        if progress and (index % 20 == 0 or index == len(items) - 1):
            progress(index + 1, len(items))
    canvas.save()
    partial.replace(path)
    return pages
