"""``mscd export kpis``: the reach report as PDF, JSON or XLSX, chosen by the file's suffix.

The XLSX has one sheet per table (typed numbers, frozen header rows) and ends with the EU
reporting sheet in the portal's columns; the JSON holds the same figures for scripts and
the cluster hub. Every file is written whole or not at all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook

from mscd_desktop.core.atomic_files import atomic_path
from mscd_desktop.core.documents.language import DocumentLanguage, in_language
from mscd_desktop.core.documents.reach_report import write_reach_pdf
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.exports.cells import xlsx_header, xlsx_value
from mscd_desktop.core.exports.eu_reporting import EU_AUDIENCES
from mscd_desktop.core.exports.reach import CountRow, ReachReport, reach_report
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

SUFFIXES = (".pdf", ".json", ".xlsx")
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class ReachExport:
    """What was written, and the headline figures."""

    path: Path
    format: str
    checked_in: int
    players: int
    energy_wh: float

    def as_dict(self) -> dict:
        """Plain data for ``--json``."""
        return {**self.__dict__, "path": str(self.path)}


def write_json(report: ReachReport, path: Path) -> None:
    """The report's figures as JSON (UTF-8, indented)."""
    with atomic_path(path) as partial:
        partial.write_text(
            json.dumps(report.as_dict(), ensure_ascii=False, indent=2), encoding="utf-8"
        )


class _Book:
    """A write-only workbook with bold, frozen header rows and text that never runs."""

    def __init__(self) -> None:
        self.workbook = Workbook(write_only=True)

    def sheet(self, title: str, header: list[str], rows: list[list], widths: list[int]) -> None:
        sheet = self.workbook.create_sheet(_SHEET_UNSAFE.sub(" ", title)[:31])
        sheet.freeze_panes = "A2"
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        sheet.append(xlsx_header(sheet, header))
        for row in rows:
            sheet.append([xlsx_value(sheet, v) for v in row])


def _counts(rows: list[CountRow]) -> list[list]:
    return [[r.label, r.registered, r.checked_in] for r in rows]


def write_xlsx(report: ReachReport, path: Path, lang: DocumentLanguage) -> None:
    """The report as a workbook: one sheet per table, the EU reporting sheet last."""
    tr = lang.tr
    book = _Book()
    counted = [tr.gettext("Registered"), tr.gettext("Checked in")]
    summary: list[list[object]] = [
        [tr.gettext("Event"), report.event.name],
        [tr.gettext("Cluster project"), report.event.project],
        [tr.gettext("Date"), report.event.date],
        [tr.gettext("Registered"), report.registered],
        [tr.gettext("Checked in"), report.checked_in],
        [tr.gettext("Children who played the quiz"), report.players],
        [tr.gettext("Games played"), report.games],
        [tr.gettext("Energy shown in the live demo (kWh)"), round(report.energy_wh / 1000, 3)],
    ]
    book.sheet(
        tr.gettext("Summary"), [tr.gettext("Figure"), tr.gettext("Value")], summary, [40, 40]
    )
    for title, rows in (
        (tr.gettext("Audience"), report.by_audience),
        (tr.gettext("Age band"), report.by_age_band),
        (tr.gettext("Organisation"), report.by_organisation),
    ):
        book.sheet(title, [title, *counted], _counts(rows), [40, 12, 12])
    arrivals = [[f"{hour:02d}:00", count] for hour, count in report.by_hour.items()]
    book.sheet(
        tr.gettext("Arrivals by hour"),
        [tr.gettext("Hour"), tr.gettext("Arrivals")],
        arrivals,
        [10, 10],
    )
    packs = [
        [p.title, p.games, p.answers, round(p.share_right, 4), round(p.mean_points, 1)]
        for p in report.packs
    ]
    book.sheet(
        tr.gettext("Quiz packs"),
        [
            tr.gettext("Quiz pack"),
            tr.gettext("Games"),
            tr.gettext("Answers"),
            tr.gettext("Share right"),
            tr.gettext("Mean points"),
        ],
        packs,
        [36, 10, 10, 12, 12],
    )
    missed = [[q.text, q.asked, q.missed] for q in report.most_missed]
    book.sheet(
        tr.gettext("Most-missed questions"),
        [tr.gettext("Question"), tr.gettext("Asked"), tr.gettext("Missed")],
        missed,
        [80, 10, 10],
    )
    channels = [
        [c.label, round(c.energy_wh / 1000, 4), round(c.peak_w, 1), round(c.mean_w, 1), c.minutes]
        for c in report.channels
    ]
    book.sheet(
        tr.gettext("Live demo"),
        [
            tr.gettext("Channel"),
            tr.gettext("Energy shown (kWh)"),
            tr.gettext("Peak power (W)"),
            tr.gettext("Mean power (W)"),
            tr.gettext("Minutes recorded"),
        ],
        channels,
        [30, 16, 16, 16, 16],
    )
    eu = report.eu
    header = [
        tr.gettext("Type of activity"),
        tr.gettext("Main leader"),
        tr.gettext("Title"),
        tr.gettext("Date"),
        tr.gettext("Place"),
        tr.gettext("Countries addressed"),
        tr.gettext("Cluster project"),
        *(tr.gettext(label) for label in EU_AUDIENCES.values()),
        tr.gettext("Size of audience"),
    ]
    row: list[object] = [eu.activity_type, eu.leader, eu.title, eu.date, eu.place]
    row += [eu.countries, eu.project]
    row += [eu.reached[code] for code in EU_AUDIENCES] + [eu.total]
    book.sheet(tr.gettext("EU reporting"), header, [row], [30, 24, 36, 12, 36, 18, 14] + [14] * 10)
    with atomic_path(path) as partial:
        book.workbook.save(partial)


def export_reach(
    store: Store,
    event_id: str,
    out: str | Path,
    progress: Callable[[int, int], None] | None = None,
) -> ReachExport:
    """Write the event's reach report to *out*: PDF, JSON or XLSX by its suffix."""
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(
            _("{file}: the reach report is written as .pdf, .json or .xlsx.").format(file=path),
            field="out",
        )
    report = reach_report(store, event_id)
    lang = in_language(report.language)
    if suffix == ".pdf":
        write_reach_pdf(store, report, path, progress)
    elif suffix == ".json":
        write_json(report, path)
    else:
        write_xlsx(report, path, lang)
    return ReachExport(path, suffix[1:], report.checked_in, report.players, report.energy_wh)
