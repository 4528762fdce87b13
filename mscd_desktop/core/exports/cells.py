"""Spreadsheet cells that cannot run: CSV injection (OWASP, CWE-1236) neutralised.

A text cell that a spreadsheet would read as a formula (it begins with ``=``, ``+``, ``-``,
``@``, a tab, a carriage return or NUL, also after leading spaces) gets a leading ``'`` in
CSV, which Excel and LibreOffice show as text: ``+34 600 000 000`` stays readable as
``'+34 600 000 000``. In XLSX such cells are stored as text with Excel's own "quote
prefix" flag, so they read exactly as typed. Numbers, dates and times stay what they are.
"""

from __future__ import annotations

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def is_risky(text: str) -> bool:
    """Whether a spreadsheet could evaluate the text cell *text*."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def neutralise(value: object) -> object:
    """*value* safe for a CSV cell: risky text gets a leading ``'``; other values as is."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value


def xlsx_value(sheet: WriteOnlyWorksheet, value: object) -> object:
    """*value* for a row of a write-only openpyxl *sheet*: risky text becomes a text cell
    with Excel's quote prefix (openpyxl would otherwise store it as a formula)."""
    if isinstance(value, str) and is_risky(value):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        return cell
    return value


def xlsx_header(sheet: WriteOnlyWorksheet, titles: list[str]) -> list[Cell]:
    """Bold header cells for the first row of *sheet*."""
    bold = Font(bold=True)
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        cells.append(cell)
    return cells
