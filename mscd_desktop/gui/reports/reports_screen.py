"""Reports: pick a document and a group, see its first page, save it or print it.

Every document comes from core (:mod:`mscd_desktop.core.exports.documents`): certificates,
the sign-in sheet, attendance lists, the reach report with the EU reporting sheet and the
reach card. Previews and files are made off the GUI thread; long jobs show their progress
and can be cancelled. Any event can be reported on, closed ones too: the Event screen
sends the organiser here after closing one.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QListWidgetItem, QWidget

from mscd_desktop.core import events as ev
from mscd_desktop.core.documents.certificate_files import certificate_pdf, write_certificates
from mscd_desktop.core.documents.certificates import certificate_groups
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.exports import documents as docs
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.pin_prompt import confirm_personal_export
from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.gui.common.workers import TaskHandle, run_task
from mscd_desktop.gui.reports.printing import print_file
from mscd_desktop.i18n import _, ngettext

PREVIEW_DELAY_MS = 150
PAGES = {"pdf": 0, "png": 1, "message": 2}


class ReportsScreen(Screen):
    """Choose, preview, save and print the reporter's documents."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.ui = self.load_form("reports/reports_screen")
        self.pdf = QPdfDocument(self)
        self.pdf_view = QPdfView(self.ui.pdfPage)
        self.pdf_view.setDocument(self.pdf)
        self.pdf_view.setPageMode(QPdfView.PageMode.SinglePage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.ui.pdfLayout.addWidget(self.pdf_view)
        self._folder = Path(tempfile.mkdtemp(prefix="mscd-reports-"))
        self._previews = 0  # only the latest preview is shown
        self.preview_file: Path | None = None
        self.job: TaskHandle | None = None
        self.preview_task: TaskHandle | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)
        for document in docs.DOCUMENTS:
            item = QListWidgetItem(_(document.label))
            item.setData(Qt.ItemDataRole.UserRole, document.key)
            self.ui.documentList.addItem(item)
        self.ui.documentList.setCurrentRow(0)
        self.ui.eventCombo.currentIndexChanged.connect(self._on_event_combo_changed)
        self.ui.documentList.currentRowChanged.connect(self._on_choice_changed)
        self.ui.groupCombo.currentIndexChanged.connect(self._on_choice_changed)
        self.ui.eachCheck.toggled.connect(self._update_buttons)
        self.ui.saveButton.clicked.connect(self._on_save_clicked)
        self.ui.printButton.clicked.connect(self._on_print_clicked)
        self.ui.cancelButton.clicked.connect(self._on_cancel_clicked)
        self.fill_events()

    # -- choices ---------------------------------------------------------------------------

    @property
    def event(self) -> ev.Event | None:
        """The event chosen in the list."""
        event_id = self.ui.eventCombo.currentData()
        return ev.get_event(self.context.store, event_id) if event_id else None

    @property
    def document(self) -> docs.ReportDocument:
        """The document chosen in the list."""
        item = self.ui.documentList.currentItem()
        return docs.document(item.data(Qt.ItemDataRole.UserRole) if item else "certificates")

    @property
    def group(self) -> str | None:
        """The group chosen for certificates (None: everyone)."""
        return self.ui.groupCombo.currentData() or None

    def select_document(self, key: str) -> None:
        """Choose document *key* in the list."""
        for row in range(self.ui.documentList.count()):
            if self.ui.documentList.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.ui.documentList.setCurrentRow(row)

    def select_event(self, event_id: str) -> None:
        """Choose the event *event_id* (closed ones too)."""
        self.fill_events(event_id)

    def fill_events(self, wanted: str | None = None) -> None:
        """List every event, newest first; keep (or choose) *wanted*, else the open one."""
        wanted = wanted or self.ui.eventCombo.currentData()
        if wanted is None and self.context.event is not None:
            wanted = self.context.event.id
        combo = self.ui.eventCombo
        combo.blockSignals(True)
        combo.clear()
        for event in ev.list_events(self.context.store):
            label = f"{current_formats().date(event.date)} · {event.name}"
            if event.status == "closed":
                label += " " + _("(closed)")
            combo.addItem(label, event.id)
        index = combo.findData(wanted) if wanted else 0
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)
        self._fill_groups()
        self._on_choice_changed()

    def _fill_groups(self) -> None:
        combo, event = self.ui.groupCombo, self.event
        kept = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("Everyone"), "")
        if event is not None:
            for value, label in certificate_groups(self.context.store, event.id):
                combo.addItem(label, value)
        combo.setCurrentIndex(max(0, combo.findData(kept)))
        combo.blockSignals(False)

    def _on_event_combo_changed(self, _index: int) -> None:
        self._fill_groups()
        self._on_choice_changed()

    def _on_choice_changed(self, *_args: object) -> None:
        self._update_buttons()
        self._timer.start()

    def _update_buttons(self, *_args: object) -> None:
        document, running = self.document, self.job is not None and not self.job.done
        self.ui.groupCombo.setEnabled(document.uses_group)
        self.ui.eachCheck.setEnabled(document.key == "certificates")
        has_event = self.event is not None
        self.ui.saveButton.setEnabled(has_event and not running)
        printable = bool(document.preview) and not self._each_person()
        self.ui.printButton.setEnabled(has_event and printable and not running)
        self.ui.cancelButton.setEnabled(running)

    def _each_person(self) -> bool:
        return self.document.key == "certificates" and self.ui.eachCheck.isChecked()

    # -- preview ---------------------------------------------------------------------------

    def refresh_preview(self) -> None:
        """Make the first page of the chosen document off the GUI thread, then show it."""
        event, document, group = self.event, self.document, self.group
        self._previews += 1
        number = self._previews
        if event is None:
            self._show_message(_("Create an event first (Event screen)."))
            return
        if not document.preview:
            self._show_message(
                _(
                    "A spreadsheet or data file has no page to preview. Save it, then open "
                    "it in Excel, LibreOffice or a script."
                )
            )
            return
        store, path = self.context.store, self._folder / f"preview-{number}{document.suffix}"

        def work(_progress, _is_cancelled) -> Path:
            if document.key == "certificates":
                path.write_bytes(certificate_pdf(store, event.id, group, limit=1))
                return path
            return docs.write_document(store, event.id, document.key, path, group)

        self.ui.previewMessage.setText(_("Preparing the preview…"))
        self.preview_task = run_task(
            work,
            on_done=lambda made: self._on_preview_done(number, document.preview, made),
            on_error=lambda error: self._on_preview_failed(number, error),
        )

    def _on_preview_done(self, number: int, kind: str, path: Path) -> None:
        if number != self._previews:
            return
        self.preview_file = path
        if kind == "pdf":
            self.pdf.load(str(path))
            self.ui.previewStack.setCurrentIndex(PAGES["pdf"])
        else:
            picture = QPixmap(str(path))
            size = self.ui.previewStack.size() * 0.95
            self.ui.imageLabel.setPixmap(
                picture.scaled(
                    size,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.ui.previewStack.setCurrentIndex(PAGES["png"])

    def _on_preview_failed(self, number: int, error: BaseException) -> None:
        if number == self._previews:
            if not isinstance(error, MscdError):
                raise error
            self._show_message(str(error))

    def _show_message(self, text: str) -> None:
        self.preview_file = None
        self.pdf.close()
        self.ui.previewMessage.setText(text)
        self.ui.previewStack.setCurrentIndex(PAGES["message"])

    # -- saving and printing ---------------------------------------------------------------

    def _start(self, work, done_text) -> None:
        """Run *work(progress, is_cancelled)* with the progress bar and Cancel."""
        self.ui.progressBar.setValue(0)
        self.ui.statusLabel.setText(_("Working…"))

        def progressed(done: int, total: int, _text: str) -> None:
            self.ui.progressBar.setValue(done * 100 // max(1, total))

        self.job = run_task(
            work,
            on_done=lambda result: self._on_job_done(result, done_text),
            on_error=self._on_job_failed,
            on_progress=progressed,
        )
        self._update_buttons()

    def _on_job_done(self, result: object, done_text) -> None:
        self.ui.progressBar.setValue(100)
        self.ui.statusLabel.setText(done_text(result))
        self.context.status_message_requested.emit(self.ui.statusLabel.text())
        self._update_buttons()

    def _on_job_failed(self, error: BaseException) -> None:
        self.ui.progressBar.setValue(0)
        if not isinstance(error, MscdError):
            self._update_buttons()
            raise error
        self.ui.statusLabel.setText(str(error))
        self._update_buttons()

    def _on_cancel_clicked(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.ui.statusLabel.setText(_("Stopping…"))

    def save_to(self, path: Path) -> None:
        """Write the chosen document to *path* (certificates one per person: a folder)."""
        store, event, document, group = self.context.store, self.event, self.document, self.group
        if self._each_person():

            def each(progress, is_cancelled):
                return write_certificates(
                    store, event.id, path, group=group, progress=progress, is_cancelled=is_cancelled
                )

            self._start(
                each,
                lambda batch: ngettext(
                    "Wrote {n} certificate into {folder}.",
                    "Wrote {n} certificates into {folder}.",
                    batch.certificates,
                ).format(n=current_formats().integer(batch.certificates), folder=path),
            )
            return

        def one(progress, is_cancelled):
            return docs.write_document(
                store, event.id, document.key, path, group, progress, is_cancelled
            )

        self._start(one, lambda written: _("Saved {file}.").format(file=written))

    def _on_save_clicked(self) -> None:
        event = self.event
        if event is None:
            return
        if self.document.personal and not confirm_personal_export(
            self, self.context, _(self.document.label)
        ):
            return
        if self._each_person():
            folder = QFileDialog.getExistingDirectory(
                self, _("Folder for the certificates"), str(Path.home())
            )
            if folder:
                self.save_to(Path(folder))
            return
        name = docs.file_name(
            event, self.document.key, self.ui.groupCombo.currentText() if self.group else None
        )
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save"), str(Path.home() / name), f"*{self.document.suffix}"
        )
        if path:
            self.save_to(Path(path))

    def print_to(self, printer: QPrinter) -> None:
        """Make the whole chosen document off the GUI thread, then print it on *printer*."""
        store, event, document, group = self.context.store, self.event, self.document, self.group
        path = self._folder / f"print-{self._previews}{document.suffix}"

        def make(progress, is_cancelled):
            return docs.write_document(
                store, event.id, document.key, path, group, progress, is_cancelled
            )

        def send(made: Path) -> str:
            pages = print_file(made, printer)
            return ngettext(
                "Sent {pages} page to {printer}.", "Sent {pages} pages to {printer}.", pages
            ).format(
                pages=current_formats().integer(pages),
                printer=printer.printerName() or printer.outputFileName(),
            )

        self._start(make, send)

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    # -- screen ----------------------------------------------------------------------------

    def on_event_changed(self, event: ev.Event | None) -> None:
        """Keep the list of events current; choose the newly opened one."""
        self.fill_events(event.id if event else None)

    def on_shown(self) -> None:
        """Refresh the events (one may have been closed meanwhile)."""
        self.fill_events()

    def on_requested(self, argument: object) -> None:
        """Another screen sent the organiser here for the event id *argument*."""
        if isinstance(argument, str):
            self.select_event(argument)

    def shutdown(self) -> None:
        """Stop a running job."""
        for task in (self.job, self.preview_task):
            if task is not None:
                task.cancel()
        self._timer.stop()
