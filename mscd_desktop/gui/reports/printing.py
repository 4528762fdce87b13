"""Print a document core wrote: a PDF page by page, or the reach card as one picture."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from mscd_desktop.core.errors import MscdError
from mscd_desktop.gui.common.pdf_printing import print_pdf
from mscd_desktop.i18n import _


def print_file(path: Path, printer: QPrinter) -> int:
    """Print *path* (.pdf or .png) on *printer*, scaled to fit; returns the page count."""
    if path.suffix.lower() == ".pdf":
        return print_pdf(path, printer)
    image = QImage(str(path))
    if image.isNull():
        raise MscdError(_("{file} cannot be read for printing.").format(file=path))
    painter = QPainter()
    if not painter.begin(printer):
        raise MscdError(_("The printer could not be started."))
    try:
        target = printer.pageLayout().paintRectPixels(printer.resolution())
        scale = min(target.width() / image.width(), target.height() / image.height())
        painter.drawImage(
            QRect(0, 0, int(image.width() * scale), int(image.height() * scale)), image
        )
    finally:
        painter.end()
    return 1
