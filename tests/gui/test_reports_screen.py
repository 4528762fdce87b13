"""The Reports screen: preview, save with progress, cancel, print, and the way in from
closing an event."""

from __future__ import annotations

import time

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox

from mscd_desktop.core import events as ev
from mscd_desktop.core.documents import certificate_files
from mscd_desktop.gui.common.workers import wait_for_all
from mscd_desktop.gui.reports import reports_screen
from mscd_desktop.gui.reports.reports_screen import PAGES, ReportsScreen

pytestmark = pytest.mark.gui


@pytest.fixture
def screen(qtbot, demo_context):
    widget = ReportsScreen(demo_context)
    qtbot.addWidget(widget)
    widget.resize(1400, 860)
    widget.show()
    yield widget
    widget.shutdown()
    wait_for_all()  # nothing may run on after the store closes


def _has_ink(widget) -> bool:
    """Whether the widget shows dark pixels (text) somewhere, sampled on a grid."""
    image = widget.grab().toImage()
    return any(
        image.pixelColor(x, y).lightness() < 80
        for x in range(0, image.width(), 4)
        for y in range(0, image.height(), 4)
    )


def _wait_preview(qtbot, screen, page):
    qtbot.waitUntil(lambda: screen.ui.previewStack.currentIndex() == PAGES[page], timeout=20000)


def _wait_job(qtbot, screen):
    qtbot.waitUntil(lambda: screen.job is not None and screen.job.done, timeout=30000)


def test_the_first_certificate_is_previewed(qtbot, screen, screenshot):
    _wait_preview(qtbot, screen, "pdf")
    qtbot.waitUntil(lambda: screen.pdf.status() == QPdfDocument.Status.Ready, timeout=10000)
    assert screen.pdf.pageCount() == 1
    qtbot.waitUntil(lambda: _has_ink(screen.pdf_view.viewport()), timeout=10000)  # drawn
    assert screen.ui.groupCombo.isEnabled() and screen.ui.printButton.isEnabled()
    assert screen.ui.groupCombo.itemText(0) == "Everyone" and screen.ui.groupCombo.count() > 3
    screenshot(screen, "reports")


def test_a_spreadsheet_says_why_there_is_no_preview_and_cannot_be_printed(qtbot, screen):
    screen.select_document("attendance_xlsx")
    _wait_preview(qtbot, screen, "message")
    assert "no page to preview" in screen.ui.previewMessage.text()
    assert not screen.ui.printButton.isEnabled() and not screen.ui.groupCombo.isEnabled()


def test_the_reach_card_is_previewed_as_a_picture(qtbot, screen):
    screen.select_document("card_square")
    _wait_preview(qtbot, screen, "png")
    assert screen.preview_file.suffix == ".png"
    assert not screen.ui.imageLabel.pixmap().isNull()


def test_saving_shows_progress_and_writes_the_file(qtbot, screen, tmp_path):
    screen.select_document("attendance_xlsx")
    out = tmp_path / "attendance.xlsx"
    screen.save_to(out)
    assert not screen.ui.saveButton.isEnabled()  # one job at a time
    _wait_job(qtbot, screen)
    assert screen.ui.progressBar.value() == 100
    assert screen.ui.statusLabel.text() == f"Saved {out}."
    assert openpyxl.load_workbook(out).active.max_row > 50
    assert screen.ui.saveButton.isEnabled()


def test_a_long_batch_can_be_cancelled_and_leaves_no_file(qtbot, screen, tmp_path, monkeypatch):
    real = certificate_files.write_certificates

    def slowly(*args, progress, is_cancelled, **kwargs):  # the real batch, a page at a time
        def step(done, total):
            progress(done, total)
            time.sleep(0.05)

        return real(*args, progress=step, is_cancelled=is_cancelled, **kwargs)

    monkeypatch.setattr(reports_screen, "write_certificates", slowly)
    out = tmp_path / "certificates"
    out.mkdir()
    screen.ui.eachCheck.setChecked(True)
    assert not screen.ui.printButton.isEnabled()
    screen.save_to(out)
    qtbot.waitUntil(lambda: screen.ui.progressBar.value() > 0, timeout=20000)
    assert screen.ui.cancelButton.isEnabled()
    qtbot.mouseClick(screen.ui.cancelButton, Qt.MouseButton.LeftButton)
    _wait_job(qtbot, screen)
    assert "cancelled" in screen.ui.statusLabel.text()
    assert list(out.iterdir()) == []
    assert not screen.ui.cancelButton.isEnabled() and screen.ui.saveButton.isEnabled()


def test_an_event_nobody_came_to_shows_what_is_missing(qtbot, screen, demo_context):
    quiet = ev.create_event(
        demo_context.store,
        ev.EventDraft(name="Quiet day", project="ZenN", city="Lund", date="2026-12-01"),
    )
    screen.select_event(quiet.id)
    _wait_preview(qtbot, screen, "message")
    assert "Nobody has checked in to 'Quiet day'" in screen.ui.previewMessage.text()


def test_printing_sends_every_page_to_the_printer(qtbot, screen, tmp_path):
    screen.select_document("signin")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    screen.print_to(printer)
    _wait_job(qtbot, screen)
    printed = QPdfDocument()
    printed.load(str(tmp_path / "printed.pdf"))
    assert printed.pageCount() == 3  # the demo's sign-in sheet
    assert screen.ui.statusLabel.text().startswith("Sent 3 pages to ")


def test_closing_an_event_offers_its_reports(qtbot, demo_context, monkeypatch):
    from mscd_desktop.gui.event import event_actions
    from mscd_desktop.gui.shell.main_window import MainWindow

    monkeypatch.setattr(event_actions, "confirm_with_pin", lambda *a, **k: True)  # PIN typed
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    event = demo_context.event
    screen = window.show_screen("event")
    assert screen._selected_event().id == event.id
    qtbot.mouseClick(screen.ui.closeButton, Qt.MouseButton.LeftButton)
    offer = screen.findChild(QMessageBox, "reportsOffer")
    assert offer is not None and offer.isVisible() and "is closed" in offer.text()
    offer.buttons()[0].click()  # "Open Reports"
    reports = window.screens["reports"]
    assert window.ui.stack.currentWidget() is reports
    assert reports.ui.eventCombo.currentData() == event.id
    assert "(closed)" in reports.ui.eventCombo.currentText()
    window.shutdown()
    wait_for_all()
