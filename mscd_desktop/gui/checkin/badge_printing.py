"""Badges and tickets from the desk: PDFs written off the GUI thread, then saved or printed.

The PDF is built by core (:mod:`mscd_desktop.core.documents.badges`) in a worker with a
progress dialog that can cancel; printing goes through the Qt print dialog to any printer
the system knows.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from mscd_desktop.core import tickets as tk
from mscd_desktop.core.documents import badges
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.pin_prompt import confirm_personal_export
from mscd_desktop.gui.common.workers import TaskHandle, run_task
from mscd_desktop.i18n import _, ngettext


class BadgePrinter(QObject):
    """Makes, saves and prints badge/ticket PDFs for the current event."""

    def __init__(self, context: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.context = context
        self.window = parent
        self.task: TaskHandle | None = None

    def make_pdf(
        self,
        path: Path,
        on_done: Callable[[int], None],
        layout: str = "badges",
        ticket_ids: tuple[str, ...] | None = None,
    ) -> None:
        """Issue missing tickets and write the PDF off the GUI thread (all tickets, or only
        *ticket_ids*); ``on_done(pages)`` runs on the GUI thread."""
        event, store = self.context.event, self.context.store
        progress = QProgressDialog(_("Preparing badges…"), _("Cancel"), 0, 100, self.window)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def work(report, is_cancelled):
            if ticket_ids is None:
                tk.issue_missing_tickets(store, event.id)
            items = badges.badge_items(store, event.id, ticket_ids=ticket_ids)
            return badges.write_pdf(
                path, event, items, layout=layout, progress=report, is_cancelled=is_cancelled
            )

        def finished(pages):
            progress.close()
            on_done(pages)

        def failed(error):
            progress.close()
            if not isinstance(error, badges.Cancelled):
                QMessageBox.warning(self.window, _("Badges"), str(error))

        self.task = run_task(
            work,
            on_done=finished,
            on_error=failed,
            on_progress=lambda d, t, _x: progress.setValue(d * 100 // t),
        )
        progress.canceled.connect(self.task.cancel)

    def save_pdf(self, layout: str) -> None:
        """Ask for the PIN (badges name people) and where, then write the PDF there."""
        if not confirm_personal_export(self.window, self.context, _("Badges")):
            return
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Save badges"), str(Path.home() / "badges.pdf"), _("PDF files (*.pdf)")
        )
        if path:
            self.make_pdf(
                Path(path),
                lambda pages: self.context.status_message_requested.emit(
                    ngettext(
                        "Wrote {pages} page to {file}.", "Wrote {pages} pages to {file}.", pages
                    ).format(pages=current_formats().integer(pages), file=path)
                ),
                layout,
            )

    def print_badges(self, layout: str, ticket_ids: tuple[str, ...] | None = None) -> None:
        """Ask for a printer (Qt print dialog), then print the PDF on it."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self.window).exec() != QPrintDialog.DialogCode.Accepted:
            return
        path = Path(tempfile.mkdtemp(prefix="mscd-print-")) / "badges.pdf"

        def send(_pages: int) -> None:
            from mscd_desktop.gui.common.pdf_printing import print_pdf

            try:
                print_pdf(path, printer)
            except MscdError as exc:
                QMessageBox.warning(self.window, _("Printing"), str(exc))

        self.make_pdf(path, send, layout, ticket_ids)

    def replace_ticket(self, attendee_id: str) -> tk.Ticket:
        """A new ticket for *attendee_id*; their old one (if any) is revoked."""
        event_id = self.context.event.id
        current = [
            t
            for t in tk.list_tickets(self.context.store, event_id)
            if t.attendee_id == attendee_id and not t.group_id
        ]
        if current:
            return tk.reissue_ticket(self.context.store, current[0].id)
        tk.issue_tickets_for(self.context.store, event_id, attendee_ids=(attendee_id,))
        return next(
            t
            for t in tk.list_tickets(self.context.store, event_id)
            if t.attendee_id == attendee_id and not t.group_id
        )
