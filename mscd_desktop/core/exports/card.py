"""The shareable reach card: the day in one picture for the cluster's social channels.

Two sizes: 1200×675 (LinkedIn, X, YouTube community posts) and 1080×1080 (square). It
shows the visitors, the children who played, the energy shown in the live demo, the
project, the city and the date, in the event's language, and no personal data. Drawn
with Pillow in the bundled DejaVu Sans (never Qt), written whole or not at all.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from mscd_desktop.core.atomic_files import atomic_path
from mscd_desktop.core.documents.fonts import FONT, FONT_BOLD, font_file
from mscd_desktop.core.documents.language import DocumentLanguage, in_language
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.exports.reach import ReachReport, reach_report
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

SIZES: dict[str, tuple[int, int]] = {"1200x675": (1200, 675), "1080x1080": (1080, 1080)}
TOP, BOTTOM = (0, 115, 89), (0, 62, 74)  # the app's green into a deep teal
AMBER, SKY, WHITE = (230, 159, 0), (86, 180, 233), (255, 255, 255)
SOFT = (214, 236, 230)


@dataclass(frozen=True)
class CardFigure:
    """One big number of the card and what it counts."""

    number: str
    label: str


@dataclass(frozen=True)
class CardExport:
    """What was written."""

    path: Path
    size: str
    figures: tuple[CardFigure, ...]

    def as_dict(self) -> dict:
        """Plain data for ``--json``."""
        return {
            "path": str(self.path),
            "size": self.size,
            "figures": [{"number": f.number, "label": f.label} for f in self.figures],
        }


@functools.lru_cache(maxsize=64)
def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(name)), size)


def _fitted(text: str, name: str, size: int, width: int) -> ImageFont.FreeTypeFont:
    """The largest font of at most *size* px in which *text* fits *width*."""
    while size > 12 and _font(name, size).getlength(text) > width:
        size -= 2
    return _font(name, size)


def _wrap(
    text: str, name: str, size: int, width: int, lines: int
) -> tuple[list[str], ImageFont.FreeTypeFont]:
    """*text* on at most *lines* lines of *width*, shrinking the font until it fits."""
    while True:
        font = _font(name, size)
        out, current = [], ""
        for word in text.split():
            candidate = f"{current} {word}".strip()
            if font.getlength(candidate) <= width or not current:
                current = candidate
            else:
                out.append(current)
                current = word
        out.append(current)
        if (len(out) <= lines and all(font.getlength(line) <= width for line in out)) or size <= 14:
            return out[:lines], font
        size -= 2


def card_figures(report: ReachReport, lang: DocumentLanguage) -> tuple[CardFigure, ...]:
    """The three numbers of the card, formatted and labelled in *lang*."""
    tr, fmt = lang.tr, lang.fmt
    return (
        CardFigure(
            fmt.integer(report.checked_in), tr.ngettext("visitor", "visitors", report.checked_in)
        ),
        CardFigure(
            fmt.integer(report.players),
            tr.ngettext(
                "child played the energy quiz", "children played the energy quiz", report.players
            ),
        ),
        CardFigure(fmt.energy(report.energy_wh), tr.gettext("of energy shown live")),
    )


def _decor_radius(size: tuple[int, int]) -> int:
    return min(size) // 7


def _background(size: tuple[int, int]) -> Image.Image:
    """The gradient with the children's colours in two corners (clear of the text)."""
    width, height = size
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    r = _decor_radius(size)
    draw.ellipse([width - 1.35 * r, -0.65 * r, width + 0.65 * r, 1.35 * r], fill=AMBER)
    draw.ellipse([width - 1.85 * r, 0.95 * r, width - 1.25 * r, 1.55 * r], fill=SKY)
    draw.ellipse([width - 0.8 * r, height - 0.9 * r, width + 0.6 * r, height + 0.5 * r], fill=SKY)
    return image


def draw_card(report: ReachReport, size: str = "1200x675") -> Image.Image:
    """The card of *report* at *size* (``1200x675`` or ``1080x1080``)."""
    if size not in SIZES:
        raise ValidationError(
            _("Unknown card size '{size}'. Choose from: {known}.").format(
                size=size, known=", ".join(SIZES)
            ),
            field="size",
        )
    lang = in_language(report.language)
    tr, fmt = lang.tr, lang.fmt
    width, height = SIZES[size]
    square = width == height
    pad = 64
    image = _background((width, height))
    draw = ImageDraw.Draw(image)
    inner = width - 2 * pad - int(1.9 * _decor_radius((width, height)))  # beside the corner
    top = pad - 8
    kicker = tr.gettext("Open House · My Smart City District")
    draw.text((pad, top), kicker, font=_fitted(kicker, FONT, 28, inner), fill=SOFT)
    top += 44
    draw.text(
        (pad, top),
        report.event.project,
        font=_fitted(report.event.project, FONT_BOLD, 72, inner),
        fill=WHITE,
    )
    top += 92
    lines, font = _wrap(report.event.name, FONT, 34 if not square else 40, inner, 2)
    for line in lines:
        draw.text((pad, top), line, font=font, fill=SOFT)
        top += int(font.size * 1.25)
    figures = card_figures(report, lang)
    if square:
        y = top + 50
        for figure in figures:
            number_font = _fitted(figure.number, FONT_BOLD, 120, width - 2 * pad)
            draw.text(
                (pad, y),
                figure.number,
                font=number_font,
                fill=AMBER if figure is figures[0] else WHITE,
            )
            y += int(number_font.size * 1.1)
            draw.text(
                (pad, y),
                figure.label,
                font=_fitted(figure.label, FONT, 34, width - 2 * pad),
                fill=SOFT,
            )
            y += 78
    else:
        column = (width - 2 * pad) // 3
        y = top + 36
        for index, figure in enumerate(figures):
            x = pad + index * column
            number_font = _fitted(figure.number, FONT_BOLD, 96, column - 24)
            colour = AMBER if index == 0 else WHITE
            draw.text((x, y + 92), figure.number, font=number_font, fill=colour, anchor="ls")
            label_lines, label_font = _wrap(figure.label, FONT, 28, column - 24, 2)
            for offset, line in enumerate(label_lines):
                draw.text((x, y + 112 + offset * 36), line, font=label_font, fill=SOFT)
    footer = f"{report.event.city} · {fmt.long_date(report.event.date)}"
    footer_font = _fitted(footer, FONT_BOLD, 34, width - 2 * pad)
    draw.text((pad, height - pad - footer_font.size), footer, font=footer_font, fill=WHITE)
    return image


def write_card(store: Store, event_id: str, out: str | Path, size: str = "1200x675") -> CardExport:
    """Write the reach card of the event as a PNG to *out*."""
    path = Path(out)
    if path.suffix.lower() != ".png":
        raise ValidationError(
            _("{file}: the reach card is written as a .png file.").format(file=path), field="out"
        )
    report = reach_report(store, event_id)
    image = draw_card(report, size)
    with atomic_path(path) as partial:
        image.save(partial, format="PNG", optimize=True)
    return CardExport(path, size, card_figures(report, in_language(report.language)))
