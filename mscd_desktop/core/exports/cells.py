"""Spreadsheet cells that cannot run: CSV injection (OWASP, CWE-1236) neutralised.

A text cell that a spreadsheet would read as a formula (it begins with ``=``, ``+``, ``-``,
``@``, a tab, a carriage return or NUL, also after leading spaces) gets a leading ``'`` in
CSV, which Excel and LibreOffice show as text: ``+34 600 000 000`` stays readable as
``'+34 600 000 000``. In XLSX such cells are stored as text with Excel's own "quote
prefix" flag, so they read exactly as typed. Numbers, dates and times stay what they are.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def is_risky(text: str) -> bool:
    """Whether a spreadsheet could evaluate the text cell *text*."""
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def neutralise(value: object) -> object:
    """*value* safe for a CSV cell: risky text gets a leading ``'``; other values as is."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value
