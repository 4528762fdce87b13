"""The sign-in sheet: the attendance list as EU projects keep it for evidence (A4 portrait).

Every page repeats the event header (logos, name, project, place, date) and the column
titles; each row has a number, the name, the organisation, the audience or class, the
first check-in time and an empty box to sign. School classes are one counted row each,
signed by their teacher. Written in the event's language, whole or not at all.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from mscd_desktop.core.atomic_files import Cancelled, atomic_path
from mscd_desktop.core.documents.fonts import FONT, FONT_BOLD, register_fonts
from mscd_desktop.core.documents.language import DocumentLanguage
from mscd_desktop.core.documents.page_parts import (
    DARK,
    GREEN,
    GREY,
    LIGHT,
    EventArt,
    draw_logo_row,
    load_event_art,
)
from mscd_desktop.core.documents.text_fit import fit_text, shorten
from mscd_desktop.core.events import Event
from mscd_desktop.core.exports.attendance_rows import AttendanceRow
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

WIDTH, HEIGHT = A4
MARGIN = 14 * mm
ROW_H = 8 * mm
TABLE_TOP = HEIGHT - 62 * mm
ROWS_PER_PAGE = int((TABLE_TOP - ROW_H - 16 * mm) // ROW_H)
# column: (share of the table width, align)
_COLUMNS = ((0.05, "r"), (0.27, "l"), (0.23, "l"), (0.17, "l"), (0.08, "c"), (0.20, "l"))


def _column_edges() -> list[float]:
    width = WIDTH - 2 * MARGIN
    edges, x = [], MARGIN
    for share, _align in _COLUMNS:
        edges.append(x)
        x += share * width
    return [*edges, WIDTH - MARGIN]


EDGES = _column_edges()


def _header(canvas: Canvas, event: Event, art: EventArt, lang: DocumentLanguage) -> None:
    tr, fmt = lang.tr, lang.fmt
    canvas.setFillColorRGB(*GREEN)
    canvas.rect(0, HEIGHT - 6 * mm, WIDTH, 6 * mm, stroke=0, fill=1)
    text_right = WIDTH - MARGIN
    if art.logos:
        draw_logo_row(canvas, art.logos, WIDTH * 0.66, WIDTH - MARGIN, HEIGHT - 30 * mm, 14 * mm)
        text_right = WIDTH * 0.66 - 4 * mm
    width = text_right - MARGIN
    canvas.setFillColorRGB(*GREEN)
    canvas.setFont(FONT_BOLD, 16)
    canvas.drawString(
        MARGIN, HEIGHT - 17 * mm, shorten(tr.gettext("Sign-in sheet"), FONT_BOLD, 16, width)
    )
    canvas.setFillColorRGB(*DARK)
    canvas.setFont(FONT_BOLD, 11)
    canvas.drawString(MARGIN, HEIGHT - 24 * mm, shorten(event.name, FONT_BOLD, 11, width))
    canvas.setFont(FONT, 9)
    place = ", ".join(p for p in (event.venue, event.city) if p)
    lines = (
        f"{place} · {fmt.long_date(event.date)}",
        tr.gettext("{project} · My Smart City District cluster").format(project=event.project),
    )
    for index, line in enumerate(lines):
        canvas.drawString(MARGIN, HEIGHT - (30 + 5 * index) * mm, shorten(line, FONT, 9, width))
    canvas.setFont(FONT, 8)
    canvas.setFillColorRGB(*GREY)
    note = tr.gettext(
        "By signing, participants confirm that they attended. Pupils are counted per class "
        "and signed for by their teacher."
    )
    canvas.drawString(MARGIN, HEIGHT - 44 * mm, shorten(note, FONT, 8, WIDTH - 2 * MARGIN))


def _titles(canvas: Canvas, lang: DocumentLanguage) -> None:
    tr = lang.tr
    titles = (
        tr.gettext("No."),
        tr.gettext("Name"),
        tr.gettext("Organisation"),
        tr.gettext("Audience or class"),
        tr.gettext("Arrived"),
        tr.gettext("Signature"),
    )
    canvas.setFillColorRGB(*GREEN)
    canvas.rect(MARGIN, TABLE_TOP - ROW_H, WIDTH - 2 * MARGIN, ROW_H, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    _cells(canvas, titles, TABLE_TOP - ROW_H, FONT_BOLD)


def _cells(canvas: Canvas, texts: tuple[str, ...], y: float, font: str) -> None:
    """One table row; a text too long for its cell wraps onto two smaller lines."""
    for index, text in enumerate(texts):
        if not text:
            continue
        left, right = EDGES[index] + 1.2 * mm, EDGES[index + 1] - 1.2 * mm
        fitted = fit_text(
            text, font, right - left, ROW_H - 2, 8.5, min_size=6, max_lines=2, wrap_below=0.9
        )
        canvas.setFont(font, fitted.size)
        baseline = y + ROW_H / 2 - fitted.size * 0.35 + (len(fitted.lines) - 1) * fitted.leading / 2
        align = _COLUMNS[index][1]
        for line in fitted.lines:
            if align == "r":
                canvas.drawRightString(right, baseline, line)
            elif align == "c":
                canvas.drawCentredString((left + right) / 2, baseline, line)
            else:
                canvas.drawString(left, baseline, line)
            baseline -= fitted.leading


def _row_texts(number: int, row: AttendanceRow, lang: DocumentLanguage) -> tuple[str, ...]:
    fmt = lang.fmt
    arrived = fmt.time(row.first_checkin) if row.first_checkin else ""
    if row.is_class:
        name = lang.tr.gettext("{came} of {n} checked in").format(
            came=fmt.integer(row.people_checked_in), n=fmt.integer(row.people)
        )
        return (
            fmt.integer(number),
            f"{row.name} · {name}",
            row.organisation,
            row.group,
            arrived,
            "",
        )
    return (fmt.integer(number), row.name, row.organisation, row.audience, arrived, "")


def _footer(canvas: Canvas, page: int, pages: int, lang: DocumentLanguage, printed: str) -> None:
    canvas.setFont(FONT, 7.5)
    canvas.setFillColorRGB(*GREY)
    canvas.drawString(MARGIN, 9 * mm, lang.tr.gettext("Printed {when}").format(when=printed))
    canvas.drawRightString(
        WIDTH - MARGIN,
        9 * mm,
        lang.tr.gettext("Page {page} of {pages}").format(
            page=lang.fmt.integer(page), pages=lang.fmt.integer(pages)
        ),
    )


def write_signin_sheet(
    store: Store,
    event: Event,
    rows: list[AttendanceRow],
    lang: DocumentLanguage,
    path: Path,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> int:
    """Write the sign-in sheet of *rows* to *path*; returns the number of pages."""
    register_fonts()
    art = load_event_art(store, event.id)
    pages = max(1, math.ceil(len(rows) / ROWS_PER_PAGE))
    printed = lang.fmt.date_time(datetime.now().astimezone())
    with atomic_path(path) as partial:
        canvas = Canvas(str(partial), pagesize=A4)
        canvas.setTitle(lang.tr.gettext("Sign-in sheet") + f": {event.name}")
        canvas.setCreator("mscd-desktop")
        for page in range(pages):
            if is_cancelled and is_cancelled():
                raise Cancelled(_("The export was cancelled; no file was written."))
            _header(canvas, event, art, lang)
            _titles(canvas, lang)
            chunk = rows[page * ROWS_PER_PAGE : (page + 1) * ROWS_PER_PAGE]
            for index, row in enumerate(chunk):
                y = TABLE_TOP - (index + 2) * ROW_H
                if index % 2:
                    canvas.setFillColorRGB(*LIGHT)
                    canvas.rect(MARGIN, y, WIDTH - 2 * MARGIN, ROW_H, stroke=0, fill=1)
                canvas.setFillColorRGB(*DARK)
                number = page * ROWS_PER_PAGE + index + 1
                _cells(canvas, _row_texts(number, row, lang), y, FONT)
            canvas.setStrokeColorRGB(*GREY)
            canvas.setLineWidth(0.4)
            bottom = TABLE_TOP - (len(chunk) + 1) * ROW_H
            canvas.line(EDGES[-2], TABLE_TOP - ROW_H, EDGES[-2], bottom)
            canvas.line(MARGIN, bottom, WIDTH - MARGIN, bottom)
            _footer(canvas, page + 1, pages, lang, printed)
            canvas.showPage()
            if progress:
                progress(min((page + 1) * ROWS_PER_PAGE, len(rows)), len(rows))
        canvas.save()
    return pages
