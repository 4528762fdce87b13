"""The attendance export in four formats (rows: :mod:`.attendance_rows`).

``csv`` (comma, UTF-8), ``csv-excel`` (semicolon, UTF-8 with BOM, CRLF: opens in a European
Excel), ``xlsx`` (typed cells: times are date-times, counts are numbers) and ``pdf`` (the
sign-in sheet). Check-in times are local ISO time (``2026-11-25T10:42:01+01:00``); every
text cell a spreadsheet could run is neutralised. Headers are in the event's language.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from mscd_desktop.core.atomic_files import Cancelled, atomic_path
from mscd_desktop.core.documents.language import DocumentLanguage, event_language
from mscd_desktop.core.documents.signin_sheet import write_signin_sheet
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.events import get_event
from mscd_desktop.core.exports.attendance_rows import AttendanceRow, attendance_rows, headers
from mscd_desktop.core.exports.cells import neutralise, xlsx_header, xlsx_value
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _

FORMATS = ("csv", "csv-excel", "xlsx", "pdf")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AttendanceExport:
    """What was written: the file, its rows, and how many people it covers."""

    path: Path
    format: str
    rows: int
    people: int
    checked_in: int

    def as_dict(self) -> dict:
        """Plain data for ``--json``."""
        return {
            "path": str(self.path),
            "format": self.format,
            "rows": self.rows,
            "people": self.people,
            "checked_in": self.checked_in,
        }


def _yes_no(value: bool | None, lang: DocumentLanguage) -> str:
    return "" if value is None else lang.yes_no(value)


def text_cells(row: AttendanceRow, lang: DocumentLanguage) -> list[object]:
    """A row's cells for CSV: text (neutralised) and whole numbers."""
    return [
        neutralise(row.name),
        neutralise(row.organisation),
        neutralise(row.audience),
        neutralise(row.age_band),
        neutralise(row.group),
        _yes_no(row.checked_in, lang),
        row.first_checkin.isoformat(timespec="seconds") if row.first_checkin else "",
        neutralise(row.desk),
        _yes_no(row.checked_out, lang),
        row.people,
        row.people_checked_in,
    ]


def write_csv(
    rows: list[AttendanceRow], path: Path, lang: DocumentLanguage, *, excel: bool = False
) -> None:
    """Comma-separated UTF-8, or for *excel* semicolons, a BOM and CRLF line ends."""
    with atomic_path(path) as partial:
        encoding = "utf-8-sig" if excel else "utf-8"
        with partial.open("w", encoding=encoding, newline="") as fh:
            writer = csv.writer(
                fh, delimiter=";" if excel else ",", lineterminator="\r\n" if excel else "\n"
            )
            writer.writerow(headers(lang))
            writer.writerows(text_cells(row, lang) for row in rows)


def write_xlsx(rows: list[AttendanceRow], path: Path, lang: DocumentLanguage) -> None:
    """A workbook with typed cells: check-in times are date-times, counts are numbers."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(lang.tr.gettext("Attendance")[:31])
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFGHIJK", (28, 28, 20, 9, 26, 11, 19, 8, 11, 8, 10), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append(xlsx_header(sheet, headers(lang)))
    for row in rows:
        when = None
        if row.first_checkin is not None:
            when = WriteOnlyCell(sheet, value=row.first_checkin.replace(tzinfo=None))
            when.number_format = "yyyy-mm-dd hh:mm:ss"
        sheet.append(
            [
                xlsx_value(sheet, row.name),
                xlsx_value(sheet, row.organisation),
                xlsx_value(sheet, row.audience),
                xlsx_value(sheet, row.age_band),
                xlsx_value(sheet, row.group),
                _yes_no(row.checked_in, lang),
                when,
                xlsx_value(sheet, row.desk),
                _yes_no(row.checked_out, lang),
                row.people,
                row.people_checked_in,
            ]
        )
    sheet.auto_filter.ref = f"A1:K{len(rows) + 1}"
    with atomic_path(path) as partial:
        workbook.save(partial)


def export_attendance(
    store: Store,
    event_id: str,
    fmt: str,
    out: str | Path,
    progress: Progress | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> AttendanceExport:
    """Write the event's attendance as *fmt* (csv, csv-excel, xlsx or pdf) to *out*."""
    if fmt not in FORMATS:
        raise ValidationError(
            _("Unknown format '{format}'. Choose from: {known}.").format(
                format=fmt, known=", ".join(FORMATS)
            ),
            field="format",
        )
    event = get_event(store, event_id)
    lang = event_language(event)
    rows = attendance_rows(store, event, lang)
    if not rows:
        raise MscdError(
            _("Nobody is registered for '{event}' yet: there is no attendance to export.").format(
                event=event.name
            )
        )
    if is_cancelled and is_cancelled():
        raise Cancelled(_("The export was cancelled; no file was written."))
    path = Path(out)
    if fmt == "pdf":
        write_signin_sheet(store, event, rows, lang, path, progress, is_cancelled)
    elif fmt == "xlsx":
        write_xlsx(rows, path, lang)
    else:
        write_csv(rows, path, lang, excel=fmt == "csv-excel")
    return AttendanceExport(
        path,
        fmt,
        len(rows),
        sum(r.people for r in rows),
        sum(r.people_checked_in for r in rows),
    )
