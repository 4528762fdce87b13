"""Date fields written the reader's way (the language's CLDR pattern, through Babel)."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDateEdit

from mscd_desktop.core.formatting import current_formats


def qt_date_format(pattern: str) -> str:
    """A CLDR date pattern (``d/M/y``) as a QDateEdit display format (``dd/MM/yyyy``)."""
    pattern = re.sub(r"y+", "yyyy", pattern)
    pattern = re.sub(r"(?<!d)d(?!d)", "dd", pattern)
    return re.sub(r"(?<!M)M(?!M)", "MM", pattern)


def show_dates_the_readers_way(edit: QDateEdit) -> None:
    """Let *edit* show and take dates in the current language's short pattern."""
    edit.setDisplayFormat(qt_date_format(current_formats().date_pattern))
