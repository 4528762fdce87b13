"""Reading XLSX workbooks with openpyxl in read-only mode (constant memory, any size).

Formulas are read as their text (``=HYPERLINK(...)``), never evaluated or replaced by a
cached result, so a formula smuggled into a name is seen and flagged. The file is checked
first (:mod:`.xlsx_check`: zip bombs, DTDs), and the sheet's ``<dimension>`` is ignored:
read-only openpyxl trusts it, and a stale one silently cut rows and columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.importing.reading import SourceFormat, Table
from mscd_desktop.core.importing.xlsx_check import check_workbook
from mscd_desktop.i18n import _

if TYPE_CHECKING:  # openpyxl is imported when a workbook is read (start-up time)
    from openpyxl.workbook.workbook import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet


def cell_text(value: object) -> str:
    """A cell's value as the text a person sees (10.0 -> "10", dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _not_valid(path: Path, exc: BaseException) -> ValidationError:
    return ValidationError(
        _("{name} is not a valid XLSX workbook ({error}).").format(
            name=path.name, error=str(exc) or exc.__class__.__name__
        ),
        field="file",
    )


def _load(path: Path) -> Workbook:
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many types for damaged parts
        raise _not_valid(path, exc) from exc


def _sheet(workbook: Workbook, path: Path, sheet: str | None) -> ReadOnlyWorksheet:
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    found: object = None
    if sheet is None:
        found = workbook.worksheets[0]
    elif sheet in workbook.sheetnames:
        found = workbook[sheet]
    # a chart sheet has no rows: it is reported like a missing one
    if not isinstance(found, ReadOnlyWorksheet):
        raise ValidationError(
            _("{name} has no sheet called '{sheet}' (it has: {sheets}).").format(
                name=path.name, sheet=sheet, sheets=", ".join(workbook.sheetnames)
            ),
            field="sheet",
        )
    return found


def open_xlsx(
    path: Path, *, sheet: str | None = None, preview_rows: int = 20, has_header: bool = True
) -> Table:
    """The records of one sheet (the first unless *sheet* is named). The workbook is
    loaded once for the preview and once more when the rows are read: a sheet without
    a ``<dimension>`` is parsed whole at every load."""
    facts = check_workbook(path)
    workbook = _load(path)
    try:
        worksheet = _sheet(workbook, path, sheet)
        sheets = tuple(workbook.sheetnames)
        chosen = worksheet.title
        rows = facts.rows.get(getattr(worksheet, "_worksheet_path", "").lstrip("/"), 0)
        sample = [cells for _n, cells in islice(_sheet_records(path, worksheet), preview_rows + 1)]
    finally:
        workbook.close()

    def records() -> Iterator[tuple[int, list[str]]]:
        return _records(path, chosen)

    if not sample:
        raise ValidationError(_("{name} has no rows.").format(name=path.name), field="file")
    fmt = SourceFormat(kind="xlsx", sheet=chosen, sheets=sheets)
    return Table(
        format=fmt, records=records, sample=sample, record_count=rows, has_header=has_header
    )


def _records(path: Path, sheet: str) -> Iterator[tuple[int, list[str]]]:
    """Every non-empty row of *sheet* with its row number, the header first."""
    book = _load(path)
    try:
        yield from _sheet_records(path, _sheet(book, path, sheet))
    finally:
        book.close()


def _sheet_records(path: Path, worksheet: ReadOnlyWorksheet) -> Iterator[tuple[int, list[str]]]:
    worksheet.reset_dimensions()  # read every row and column, whatever <dimension> says
    rows = worksheet.values  # iter_rows(values_only=True)
    number = 0
    while True:
        try:
            values = next(rows, None)
        except Exception as exc:  # a part damaged after the first rows
            raise ValidationError(
                _("{name} is damaged after row {row} ({error}).").format(
                    name=path.name, row=number, error=str(exc) or exc.__class__.__name__
                ),
                field="file",
            ) from exc
        if values is None:
            return
        number += 1
        cells = [cell_text(v) for v in values]
        if any(c.strip() for c in cells):
            yield number, cells
