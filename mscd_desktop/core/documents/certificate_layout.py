"""How a certificate looks: two A4-landscape templates drawn with reportlab.

``children``: colourful, with the achievement from the kiosk quiz in a box.
``adults``: sober, for stakeholders: attendance, the organisation, no quiz line.
Both carry the event's logos, the organiser's signature when one is set, and the
verification code with its QR. Every text arrives translated and formatted in a
:class:`CertificateItem`; this module only places it, and no text leaves its box.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from mscd_desktop.core.documents.badges import draw_qr
from mscd_desktop.core.documents.fonts import FONT, FONT_BOLD
from mscd_desktop.core.documents.page_parts import (
    AMBER,
    DARK,
    GREEN,
    GREY,
    RGB,
    SKY,
    EventArt,
    draw_logo_row,
    draw_picture,
)
from mscd_desktop.core.documents.text_fit import draw_centred, fit_text, shorten

PAGE = landscape(A4)
WIDTH, HEIGHT = PAGE
NAME_BOX = (WIDTH - 60 * mm, 26 * mm)  # width, height of the name
TEXT_WIDTH = WIDTH - 70 * mm


@dataclass(frozen=True)
class CertificateItem:
    """Everything printed on one certificate, already in the reader's language."""

    template: str  # "children" or "adults"
    language: str
    name: str
    heading: str
    intro: str
    organisation: str
    took_part: str
    event_name: str
    place_date: str
    project_line: str
    message: str
    achievement_title: str
    achievement_lines: tuple[str, ...]
    code: str
    code_caption: str
    verify_hint: str
    signed_for: str  # under the signature line when no signer name is set
    wordmark: str  # printed at the top when the event has no logos


def _centre(canvas: Canvas, text: str, font: str, size: float, y: float, colour: RGB) -> None:
    canvas.setFillColorRGB(*colour)
    canvas.setFont(font, size)
    canvas.drawCentredString(WIDTH / 2, y, shorten(text, font, size, TEXT_WIDTH))


def _block(
    canvas: Canvas, text: str, font: str, size: float, top: float, height: float, colour: RGB
) -> float:
    """Text fitted into the full text width under *top*; returns the bottom it reached."""
    if not text:
        return top
    fitted = fit_text(text, font, TEXT_WIDTH, height, size, min_size=7, max_lines=2)
    canvas.setFillColorRGB(*colour)
    draw_centred(canvas, fitted, WIDTH / 2, top)
    return top - fitted.height


def _name(canvas: Canvas, item: CertificateItem, top: float, colour: RGB) -> None:
    width, height = NAME_BOX
    fitted = fit_text(item.name, FONT_BOLD, width, height, 44, min_size=8, max_lines=3)
    canvas.setFillColorRGB(*colour)
    draw_centred(canvas, fitted, WIDTH / 2, top - (height - fitted.height) / 2)


def _signature_and_code(canvas: Canvas, item: CertificateItem, art: EventArt) -> None:
    left, bottom = 28 * mm, 20 * mm
    line_w = 70 * mm
    if art.signature is not None:
        draw_picture(canvas, art.signature, left, bottom + 12 * mm, line_w, 18 * mm)
    canvas.setStrokeColorRGB(*GREY)
    canvas.setLineWidth(0.6)
    canvas.line(left, bottom + 11 * mm, left + line_w, bottom + 11 * mm)
    canvas.setFillColorRGB(*DARK)
    canvas.setFont(FONT_BOLD, 9)
    signer = art.signer_name or item.signed_for
    canvas.drawString(left, bottom + 7 * mm, shorten(signer, FONT_BOLD, 9, line_w))
    canvas.setFillColorRGB(*GREY)
    role = fit_text(art.signer_role, FONT, 95 * mm, 4 * mm, 8, min_size=6, max_lines=1)
    canvas.setFont(FONT, role.size)
    canvas.drawString(left, bottom + 3.5 * mm, role.lines[0] if role.lines else "")
    qr = 24 * mm
    qx = WIDTH - 38 * mm - qr  # clear of the corner dots
    draw_qr(canvas, item.code, qx, bottom + 4 * mm, qr)
    canvas.setFillColorRGB(*DARK)
    canvas.setFont(FONT_BOLD, 9)
    canvas.drawCentredString(qx + qr / 2, bottom + 1 * mm, item.code)
    hint_w = 80 * mm
    canvas.setFont(FONT_BOLD, 7.5)
    canvas.drawRightString(
        qx - 2 * mm, bottom + 16 * mm, shorten(item.code_caption, FONT_BOLD, 7.5, hint_w)
    )
    hint = fit_text(item.verify_hint, FONT, hint_w, 4 * mm, 7, min_size=5, max_lines=1)
    canvas.setFont(FONT, hint.size)
    canvas.setFillColorRGB(*GREY)
    for index, line in enumerate(hint.lines):
        canvas.drawRightString(qx - 2 * mm, bottom + 12.5 * mm - index * hint.leading, line)


def _header(canvas: Canvas, item: CertificateItem, art: EventArt, left: float, top: float) -> None:
    """The event's logos, or the cluster's wordmark when it has none."""
    if art.logos:
        draw_logo_row(canvas, art.logos, left, WIDTH - left, top - 17 * mm, 17 * mm)
        return
    canvas.setFillColorRGB(*GREEN)
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawCentredString(
        WIDTH / 2, top - 8 * mm, shorten(item.wordmark, FONT_BOLD, 11, TEXT_WIDTH)
    )
    canvas.setStrokeColorRGB(*GREEN)
    canvas.setLineWidth(0.8)
    canvas.line(WIDTH / 2 - 20 * mm, top - 11.5 * mm, WIDTH / 2 + 20 * mm, top - 11.5 * mm)


def _dots(canvas: Canvas) -> None:
    """Playful circles in the children's colours, in two corners."""
    for (x, y, r), colour in zip(
        (
            (18 * mm, HEIGHT - 16 * mm, 9 * mm),
            (31 * mm, HEIGHT - 10 * mm, 4 * mm),
            (WIDTH - 18 * mm, 16 * mm, 9 * mm),
            (WIDTH - 31 * mm, 10 * mm, 4 * mm),
        ),
        (AMBER, SKY, SKY, AMBER),
        strict=True,
    ):
        canvas.setFillColorRGB(*colour)
        canvas.circle(x, y, r, stroke=0, fill=1)


def _star(canvas: Canvas, cx: float, cy: float, radius: float) -> None:
    import math

    path = canvas.beginPath()
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = math.pi / 2 + i * math.pi / 5
        point = (cx + r * math.cos(angle), cy + r * math.sin(angle))
        path.moveTo(*point) if i == 0 else path.lineTo(*point)
    path.close()
    canvas.setFillColorRGB(*AMBER)
    canvas.drawPath(path, stroke=0, fill=1)


def _achievement(canvas: Canvas, item: CertificateItem, top: float) -> None:
    box_w, box_h = 190 * mm, 28 * mm
    x, y = (WIDTH - box_w) / 2, top - box_h
    canvas.setFillColorRGB(1.0, 0.96, 0.86)
    canvas.setStrokeColorRGB(*AMBER)
    canvas.setLineWidth(1.2)
    canvas.roundRect(x, y, box_w, box_h, 4 * mm, stroke=1, fill=1)
    _star(canvas, x + 15 * mm, y + box_h / 2, 10 * mm)
    text_x, text_w = x + 30 * mm, box_w - 36 * mm
    canvas.setFillColorRGB(0.55, 0.33, 0.0)
    title = fit_text(item.achievement_title, FONT_BOLD, text_w, 9 * mm, 20, max_lines=1)
    canvas.setFont(FONT_BOLD, title.size)
    canvas.drawString(text_x, y + box_h - 10 * mm, title.lines[0])
    canvas.setFillColorRGB(*DARK)
    baseline = y + box_h - 16.5 * mm
    for text in item.achievement_lines[:2]:
        fitted = fit_text(text, FONT, text_w, 6 * mm, 10.5, min_size=6, max_lines=1)
        canvas.setFont(FONT, fitted.size)
        canvas.drawString(text_x, baseline, fitted.lines[0])
        baseline -= 5.5 * mm


def draw_children(canvas: Canvas, item: CertificateItem, art: EventArt) -> None:
    """The children's certificate: name, event, the quiz achievement, code and QR."""
    canvas.setStrokeColorRGB(*GREEN)
    canvas.setLineWidth(5)
    canvas.roundRect(8 * mm, 8 * mm, WIDTH - 16 * mm, HEIGHT - 16 * mm, 6 * mm)
    canvas.setStrokeColorRGB(*AMBER)
    canvas.setLineWidth(1.2)
    canvas.roundRect(11.5 * mm, 11.5 * mm, WIDTH - 23 * mm, HEIGHT - 23 * mm, 4 * mm)
    _dots(canvas)
    _header(canvas, item, art, 45 * mm, HEIGHT - 17 * mm)
    _centre(canvas, item.heading, FONT_BOLD, 26, HEIGHT - 49 * mm, GREEN)
    _centre(canvas, item.intro, FONT, 13, HEIGHT - 59 * mm, GREY)
    _name(canvas, item, HEIGHT - 62 * mm, DARK)
    _centre(canvas, item.took_part, FONT, 12, HEIGHT - 96 * mm, GREY)
    bottom = _block(canvas, item.event_name, FONT_BOLD, 17, HEIGHT - 100 * mm, 14 * mm, DARK)
    _centre(canvas, item.place_date, FONT, 11, bottom - 5 * mm, DARK)
    top = bottom - 9 * mm
    if item.message:
        top = _block(canvas, item.message, FONT, 11, top, 10 * mm, GREEN) - 2 * mm
    if item.achievement_title:
        _achievement(canvas, item, top - 1 * mm)
    _centre(canvas, item.project_line, FONT, 8, 14.5 * mm, GREY)
    _signature_and_code(canvas, item, art)


def draw_adults(canvas: Canvas, item: CertificateItem, art: EventArt) -> None:
    """The stakeholders' certificate of attendance: sober, no quiz line."""
    canvas.setFillColorRGB(*GREEN)
    canvas.rect(0, HEIGHT - 10 * mm, WIDTH, 10 * mm, stroke=0, fill=1)
    canvas.rect(0, 0, WIDTH, 4 * mm, stroke=0, fill=1)
    _header(canvas, item, art, 30 * mm, HEIGHT - 18 * mm)
    _centre(canvas, item.heading, FONT_BOLD, 26, HEIGHT - 55 * mm, GREEN)
    _centre(canvas, item.intro, FONT, 13, HEIGHT - 67 * mm, GREY)
    _name(canvas, item, HEIGHT - 71 * mm, DARK)
    top = HEIGHT - 101 * mm
    if item.organisation:
        top = _block(canvas, item.organisation, FONT, 14, top, 12 * mm, DARK) - 6 * mm
    _centre(canvas, item.took_part, FONT, 12, top - 4 * mm, GREY)
    bottom = _block(canvas, item.event_name, FONT_BOLD, 18, top - 8 * mm, 15 * mm, DARK)
    _centre(canvas, item.place_date, FONT, 11.5, bottom - 5.5 * mm, DARK)
    if item.message:
        _block(canvas, item.message, FONT, 11, bottom - 12 * mm, 10 * mm, GREEN)
    _centre(canvas, item.project_line, FONT, 8, 14.5 * mm, GREY)
    _signature_and_code(canvas, item, art)


TEMPLATES = {"children": draw_children, "adults": draw_adults}


def draw_certificate(canvas: Canvas, item: CertificateItem, art: EventArt) -> None:
    """Draw *item* on the current page of *canvas* (A4 landscape) with its template."""
    TEMPLATES[item.template](canvas, item, art)
