"""Send a PDF that core wrote to any printer the system knows (via QtPdf and QPrinter)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from mscd_desktop.core.errors import MscdError
from mscd_desktop.i18n import _


def print_pdf(
    path: Path, printer: QPrinter, progress: Callable[[int, int], None] | None = None
) -> int:
    """Print every page of *path* on *printer*, scaled to fit; returns the page count."""
    document = QPdfDocument()
    if document.load(str(path)) != QPdfDocument.Error.None_:
        raise MscdError(_("{file} cannot be read for printing.").format(file=path))
    painter = QPainter()
    if not painter.begin(printer):
        raise MscdError(_("The printer could not be started."))
    try:
        pages = document.pageCount()
        for index in range(pages):
            if index:
                printer.newPage()
            target = printer.pageLayout().paintRectPixels(printer.resolution())
            points = document.pagePointSize(index)
            scale = min(target.width() / points.width(), target.height() / points.height())
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            image = document.render(index, size)
            painter.drawImage(QRect(0, 0, size.width(), size.height()), image)
            if progress:
                progress(index + 1, pages)
    finally:
        painter.end()
        document.close()
    return pages
