"""The reach report as a PDF (reportlab platypus), in the event's language.

Page one: the day in four figures, attendance by audience and age band, and arrivals by
hour as a bar chart drawn by reportlab's own graphics. Then attendance by organisation,
the quiz (packs and the most-missed questions, by their text) and the live demo (energy
shown and peak power per channel). Last, on a landscape page, the EU reporting sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from mscd_desktop.core.atomic_files import atomic_path
from mscd_desktop.core.documents.fonts import FONT, FONT_BOLD, register_fonts
from mscd_desktop.core.documents.language import DocumentLanguage, in_language
from mscd_desktop.core.documents.page_parts import (
    GREEN,
    GREY,
    EventArt,
    draw_logo_row,
    load_event_art,
)
from mscd_desktop.core.documents.text_fit import shorten
from mscd_desktop.core.exports.eu_reporting import EU_AUDIENCES
from mscd_desktop.core.exports.reach import CountRow, ReachReport
from mscd_desktop.core.store import Store

if TYPE_CHECKING:
    from reportlab.platypus.tables import _TableCommand

ACCENT = colors.Color(*GREEN)
STRIPE = colors.Color(0.93, 0.96, 0.95)
MARGIN = 15 * mm
BODY = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11.5)
SMALL = ParagraphStyle(
    "small", parent=BODY, fontSize=7.5, leading=9.5, textColor=colors.Color(*GREY)
)
H1 = ParagraphStyle("h1", fontName=FONT_BOLD, fontSize=18, leading=22, textColor=ACCENT)
H2 = ParagraphStyle(
    "h2", fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4, textColor=ACCENT
)
FIGURE = ParagraphStyle("figure", fontName=FONT_BOLD, fontSize=20, leading=24, alignment=1)
CAPTION = ParagraphStyle(
    "caption", parent=BODY, fontSize=8, leading=10, alignment=1, textColor=colors.Color(*GREY)
)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=10.5)
HEAD = ParagraphStyle("head", parent=CELL, fontName=FONT_BOLD, textColor=colors.white)
HEAD_RIGHT = ParagraphStyle("head_right", parent=HEAD, alignment=2)


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    return Paragraph(escape(text), style)


def _table(
    header: list[str],
    rows: list[list],
    widths: list[float],
    numeric_from: int = 1,
    head_size: float = 8.5,
) -> Table:
    """A striped table whose first row repeats on every page; numbers right-aligned."""
    styles = [HEAD, HEAD_RIGHT]
    if head_size != HEAD.fontSize:  # narrow columns: smaller titles, never split mid-word
        styles = [
            ParagraphStyle(
                f"{s.name}-{head_size}", parent=s, fontSize=head_size, leading=head_size * 1.2
            )
            for s in styles
        ]
    data = [[_p(h, styles[i >= numeric_from]) for i, h in enumerate(header)]]
    data += [
        [_p(c, CELL) if isinstance(c, str) and i < numeric_from else c for i, c in enumerate(row)]
        for row in rows
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    style: list[_TableCommand] = [
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT),
        ("FONT", (0, 1), (-1, -1), FONT, 8.5),
        ("ALIGN", (numeric_from, 1), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, -1), (-1, -1), 0.5, colors.Color(*GREY)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("BACKGROUND", (0, r), (-1, r), STRIPE) for r in range(2, len(data), 2)]
    table.setStyle(TableStyle(style))
    return table


def _figures(report: ReachReport, lang: DocumentLanguage) -> Table:
    tr, fmt = lang.tr, lang.fmt
    tiles = [
        (fmt.integer(report.checked_in), tr.ngettext("visitor", "visitors", report.checked_in)),
        (
            fmt.integer(report.registered),
            tr.ngettext("registered", "registered", report.registered),
        ),
        (
            fmt.integer(report.players),
            tr.ngettext("child played the quiz", "children played the quiz", report.players),
        ),
        (fmt.energy(report.energy_wh), tr.gettext("shown in the live demo")),
    ]
    cells = [
        [Paragraph(escape(number), FIGURE) for number, _label in tiles],
        [_p(label, CAPTION) for _n, label in tiles],
    ]
    table = Table(cells, colWidths=[(A4[0] - 2 * MARGIN) / 4] * 4)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), STRIPE),
                ("TEXTCOLOR", (0, 0), (-1, 0), ACCENT),
                ("LINEAFTER", (0, 0), (-2, -1), 2, colors.white),
                ("TOPPADDING", (0, 0), (-1, 0), 8),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 8),
            ]
        )
    )
    return table


def _count_table(
    title: str, rows: list[CountRow], lang: DocumentLanguage, limit: int | None = None
) -> list:
    tr, fmt = lang.tr, lang.fmt
    shown = rows[:limit] if limit else rows
    data = [[r.label, fmt.integer(r.registered), fmt.integer(r.checked_in)] for r in shown]
    if limit and len(rows) > limit:
        rest = rows[limit:]
        data.append(
            [
                tr.ngettext("{n} more", "{n} more", len(rest)).format(n=fmt.integer(len(rest))),
                fmt.integer(sum(r.registered for r in rest)),
                fmt.integer(sum(r.checked_in for r in rest)),
            ]
        )
    width = A4[0] - 2 * MARGIN
    header = [title, tr.gettext("Registered"), tr.gettext("Checked in")]
    return [_table(header, data, [width * 0.6, width * 0.2, width * 0.2])]


def arrival_chart(
    by_hour: dict[int, int], lang: DocumentLanguage, width: float, height: float
) -> Drawing:
    """Arrivals per local hour as bars (reportlab graphics, no Qt)."""
    drawing = Drawing(width, height)
    # an hour either side of the arrivals, for context
    hours = list(range(max(0, min(by_hour) - 1), min(23, max(by_hour) + 1) + 1)) if by_hour else []
    if not hours:
        drawing.add(
            String(
                width / 2,
                height / 2,
                lang.tr.gettext("Nobody has checked in yet."),
                fontName=FONT,
                fontSize=9,
                textAnchor="middle",
            )
        )
        return drawing
    chart = VerticalBarChart()
    chart.x, chart.y = 32, 22
    # reportlab's stubs type a plot's size as int; it takes any number of points
    chart.width, chart.height = width - 44, height - 34  # type: ignore[assignment]
    chart.data = [[by_hour.get(h, 0) for h in hours]]
    chart.categoryAxis.categoryNames = [f"{h:02d}:00" for h in hours]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7.5
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lang.fmt.integer
    top = max(chart.data[0])
    chart.valueAxis.valueStep = max(1, round(top / 5)) if top > 5 else 1
    chart.bars[0].fillColor = ACCENT
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = lang.fmt.integer
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def _quiz(report: ReachReport, lang: DocumentLanguage) -> list:
    tr, fmt = lang.tr, lang.fmt
    width = A4[0] - 2 * MARGIN
    story: list = [_p(tr.gettext("Kiosk quiz"), H2)]
    if not report.games:
        return [*story, _p(tr.gettext("No child played at the kiosk."))]
    story.append(
        _p(
            tr.gettext("Games played: {games} · children who played: {players}").format(
                games=fmt.integer(report.games), players=fmt.integer(report.players)
            )
        )
    )
    story.append(Spacer(1, 2 * mm))
    header = [
        tr.gettext("Quiz pack"),
        tr.gettext("Games"),
        tr.gettext("Answers"),
        tr.gettext("Right"),
        tr.gettext("Mean points"),
    ]
    rows = [
        [
            p.title,
            fmt.integer(p.games),
            fmt.integer(p.answers),
            fmt.percent(p.share_right),
            fmt.integer(p.mean_points),
        ]
        for p in report.packs
    ]
    story.append(
        _table(header, rows, [width * 0.44, width * 0.14, width * 0.14, width * 0.14, width * 0.14])
    )
    if report.most_missed:
        story.append(Spacer(1, 3 * mm))
        header = [tr.gettext("Most-missed questions"), tr.gettext("Asked"), tr.gettext("Missed")]
        rows = [
            [q.text, fmt.integer(q.asked), fmt.percent(q.missed / q.asked)]
            for q in report.most_missed
        ]
        story.append(_table(header, rows, [width * 0.72, width * 0.14, width * 0.14]))
    return story


def _live_demo(report: ReachReport, lang: DocumentLanguage) -> list:
    tr, fmt = lang.tr, lang.fmt
    width = A4[0] - 2 * MARGIN
    story: list = [_p(tr.gettext("Live energy demo"), H2)]
    if not report.channels:
        return [*story, _p(tr.gettext("No live energy data was recorded for this event."))]
    header = [
        tr.gettext("Channel"),
        tr.gettext("Energy shown"),
        tr.gettext("Peak power"),
        tr.gettext("Mean power"),
    ]
    rows = [
        [c.label, fmt.energy(c.energy_wh), fmt.power(c.peak_w), fmt.power(c.mean_w)]
        for c in report.channels
    ]
    rows.append([tr.gettext("All channels"), fmt.energy(report.energy_wh), "", ""])
    story.append(_table(header, rows, [width * 0.4, width * 0.2, width * 0.2, width * 0.2]))
    return story


def eu_sheet(report: ReachReport, lang: DocumentLanguage) -> list:
    """The EU reporting sheet: the portal's columns, one row for the event."""
    tr, fmt = lang.tr, lang.fmt
    row = report.eu
    width = landscape(A4)[0] - 2 * MARGIN
    fixed = [
        (tr.gettext("Type of activity"), row.activity_type),
        (tr.gettext("Main leader"), row.leader or "—"),
        (tr.gettext("Title"), row.title),
        (tr.gettext("Date"), fmt.date(row.date)),
        (tr.gettext("Place"), row.place),
        (tr.gettext("Countries addressed"), row.countries or "—"),
        (tr.gettext("Cluster project"), row.project),
    ]
    first = _table(
        [tr.gettext("Field"), tr.gettext("Value")],
        [[k, v] for k, v in fixed],
        [width * 0.25, width * 0.75],
        numeric_from=2,
    )
    header = [tr.gettext(label) for label in EU_AUDIENCES.values()] + [
        tr.gettext("Size of audience")
    ]
    numbers = [fmt.integer(row.reached[code]) for code in EU_AUDIENCES] + [fmt.integer(row.total)]
    second = _table(
        header, [numbers], [width / len(header)] * len(header), numeric_from=0, head_size=7
    )
    note = tr.gettext(
        "Numbers reached: people who checked in, counted by the type of audience their event "
        "audience maps to (mscd export eu-settings changes the mapping)."
    )
    return [
        _p(tr.gettext("EU reporting: dissemination and communication activities"), H1),
        Spacer(1, 3 * mm),
        first,
        Spacer(1, 5 * mm),
        second,
        Spacer(1, 3 * mm),
        _p(note, SMALL),
    ]


def _story(report: ReachReport, lang: DocumentLanguage) -> list:
    tr = lang.tr
    width = A4[0] - 2 * MARGIN
    story: list = [_figures(report, lang), Spacer(1, 4 * mm)]
    story += [_p(tr.gettext("Attendance"), H2)]
    story += _count_table(tr.gettext("Audience"), report.by_audience, lang)
    story += [Spacer(1, 3 * mm), *_count_table(tr.gettext("Age band"), report.by_age_band, lang)]
    chart = arrival_chart(report.by_hour, lang, width, 55 * mm)
    story += [KeepTogether([_p(tr.gettext("Arrivals by hour"), H2), chart])]
    story += [_p(tr.gettext("Attendance by organisation"), H2)]
    story += _count_table(tr.gettext("Organisation"), report.by_organisation, lang, limit=25)
    story += _quiz(report, lang) + _live_demo(report, lang)
    story += [NextPageTemplate("landscape"), PageBreak(), *eu_sheet(report, lang)]
    return story


class _Pages:
    """Draws the header and footer of every page."""

    def __init__(self, report: ReachReport, art: EventArt, lang: DocumentLanguage) -> None:
        self.report, self.art, self.lang = report, art, lang

    def __call__(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        # the current page's size (portrait or landscape); missing from reportlab's stubs
        width, height = canvas._pagesize  # type: ignore[attr-defined]
        event, tr, fmt = self.report.event, self.lang.tr, self.lang.fmt
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, height - 6 * mm, width, 6 * mm, stroke=0, fill=1)
        right = width - MARGIN
        if self.art.logos:
            draw_logo_row(
                canvas, self.art.logos, width * 0.68, width - MARGIN, height - 27 * mm, 13 * mm
            )
            right = width * 0.68 - 4 * mm
        canvas.setFont(FONT_BOLD, 15)
        canvas.drawString(
            MARGIN,
            height - 16 * mm,
            shorten(tr.gettext("Reach report"), FONT_BOLD, 15, right - MARGIN),
        )
        canvas.setFillColorRGB(0.13, 0.17, 0.2)
        canvas.setFont(FONT_BOLD, 10)
        canvas.drawString(
            MARGIN, height - 22 * mm, shorten(event.name, FONT_BOLD, 10, right - MARGIN)
        )
        canvas.setFont(FONT, 8.5)
        place = ", ".join(p for p in (event.venue, event.city) if p)
        line = f"{event.project} · {place} · {fmt.long_date(event.date)}"
        canvas.drawString(MARGIN, height - 27 * mm, shorten(line, FONT, 8.5, right - MARGIN))
        canvas.setFont(FONT, 7.5)
        canvas.setFillColorRGB(*GREY)
        made = tr.gettext("Made {when} by mscd-desktop").format(
            when=fmt.date_time(self.report.generated_at)
        )
        canvas.drawString(MARGIN, 9 * mm, made)
        canvas.drawRightString(
            width - MARGIN, 9 * mm, tr.gettext("Page {page}").format(page=fmt.integer(doc.page))
        )
        canvas.restoreState()


def write_reach_pdf(
    store: Store,
    report: ReachReport,
    path: Path,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Write *report* as a PDF to *path* (whole or not at all)."""
    register_fonts()
    lang = in_language(report.language)
    decorate = _Pages(report, load_event_art(store, report.event.id), lang)
    with atomic_path(path) as partial:
        doc = BaseDocTemplate(
            str(partial),
            pagesize=A4,
            title=lang.tr.gettext("Reach report") + f": {report.event.name}",
            creator="mscd-desktop",
        )
        portrait = Frame(MARGIN, 15 * mm, A4[0] - 2 * MARGIN, A4[1] - 50 * mm, id="portrait")
        wide = landscape(A4)
        sideways = Frame(MARGIN, 15 * mm, wide[0] - 2 * MARGIN, wide[1] - 50 * mm, id="landscape")
        doc.addPageTemplates(
            [
                PageTemplate("portrait", [portrait], onPage=decorate, pagesize=A4),
                PageTemplate("landscape", [sideways], onPage=decorate, pagesize=wide),
            ]
        )
        doc.build(_story(report, lang))
    if progress:
        progress(1, 1)
