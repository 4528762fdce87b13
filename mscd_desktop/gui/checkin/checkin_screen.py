"""The check-in desk: scan, see the verdict from two metres, fix mistakes, print badges.

Scans arrive from a USB scanner through :class:`ScanKeyFilter` (whatever has focus), from
the webcam, or as a typed short code. Each goes to :class:`CheckInDesk`, which commits the
check-in before returning its verdict; the verdict then fills the left side with colour,
icon, words and a sound (:class:`VerdictPanel`), and never needs a click, so the next scan
can follow at once. An undo says what it took back, with Redo (:class:`UndoBar`). Check-ins
made elsewhere (the CLI, another app on the same data) reach the counters within a second:
the screen polls SQLite's change counter, one cheap call. A closed event refuses
check-ins: a banner says so before anyone scans, and each scan gets the "Event closed"
verdict. It does not offer to reopen the event: a question at the door would hold up the
queue, and reopening is the organiser's decision, made in the Event screen.
"""

from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QListWidgetItem,
    QMessageBox,
    QWidget,
)

from mscd_desktop.core import presence
from mscd_desktop.core.attendees import list_groups
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.events import Event, audience_label, get_event
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.outcomes import Outcome
from mscd_desktop.core.presence import Undone
from mscd_desktop.core.verdicts import Verdict
from mscd_desktop.gui.checkin.badge_printing import BadgePrinter
from mscd_desktop.gui.checkin.camera_scanner import CameraScanner
from mscd_desktop.gui.checkin.import_dialog import ImportDialog
from mscd_desktop.gui.checkin.scan_filter import ScanKeyFilter
from mscd_desktop.gui.checkin.school_group_dialog import SchoolGroupDialog
from mscd_desktop.gui.checkin.ticket_keys_dialog import TicketKeysDialog
from mscd_desktop.gui.checkin.undo_bar import UndoBar
from mscd_desktop.gui.checkin.verdict_view import (
    LOOKS,
    READY,
    SoundCues,
    VerdictPanel,
    detail_line,
)
from mscd_desktop.gui.checkin.walk_in_dialog import WalkInDialog
from mscd_desktop.gui.common import options
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.i18n import N_, _, ngettext

RESET_MS = 8000
SEARCH_DELAY_MS = 120  # search once typing pauses, not on every key
COUNTER_DELAY_MS = 150  # after the verdict is painted; at most ~7 refreshes a second
WATCH_MS = 1000  # how often to look for check-ins made elsewhere (the CLI, another app)
# The buttons that open a registration dialog, each built as Dialog(context, parent).
REGISTER_DIALOGS: tuple[tuple[str, type[QDialog]], ...] = (
    ("walkInButton", WalkInDialog),
    ("schoolGroupButton", SchoolGroupDialog),
    ("importButton", ImportDialog),
)
MODES = (("in", N_("Check in")), ("out", N_("Check out")))
LAYOUTS = (("badges", N_("Badges, 10 per sheet")), ("tickets", N_("Tickets, one per page")))


class CheckInScreen(Screen):
    """The desk at the door."""

    checkin_recorded = Signal(object)  # a Verdict that admitted or let out someone

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.ui = self.load_form("checkin/checkin_screen")
        self.desk: CheckInDesk | None = None
        self.last_verdict: Verdict | None = None
        ui = self.ui
        self.panel = VerdictPanel(
            ui.verdictFrame, ui.verdictIcon, ui.verdictTitle, ui.verdictMessage, ui.verdictDetail
        )
        self.undo_bar = UndoBar(ui.undoBar, ui.undoLabel, ui.redoButton, self)
        self.undo_bar.redo_requested.connect(self._on_undo_bar_redo_requested)
        self.scan_filter = ScanKeyFilter(self)
        self.scan_filter.scanned.connect(self.handle_scan)
        self.camera = CameraScanner(self)
        self.camera.code_found.connect(self.handle_scan)
        self.camera.failed.connect(self._on_camera_failed)
        self.sounds = SoundCues(self)
        self.badges = BadgePrinter(context, self)
        self._reset_timer = QTimer(self, singleShot=True, interval=RESET_MS)
        self._reset_timer.timeout.connect(self.show_ready)
        self._counter_timer = QTimer(self, singleShot=True, interval=COUNTER_DELAY_MS)
        self._counter_timer.timeout.connect(self._on_counter_timer_timeout)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._on_search_timer_timeout)
        self._watch_timer = QTimer(self, interval=WATCH_MS)
        self._watch_timer.timeout.connect(self._on_watch_timer_timeout)
        self._change_count = -1
        for code, label in MODES:
            self.ui.modeCombo.addItem(_(label), code)
        for code, label in LAYOUTS:
            self.ui.layoutCombo.addItem(_(label), code)
        self.ui.deskEdit.setText(options.get(options.DESK_NAME) or "A")
        for label in (self.ui.checkedInLabel, self.ui.insideLabel):
            label.setStyleSheet(
                "font-size: 18pt; font-weight: bold; color: #0b3d2e; padding-right: 18px;"
            )
        self._connect()
        self.on_event_changed(context.event)

    def _connect(self) -> None:
        ui = self.ui
        ui.deskEdit.editingFinished.connect(self._on_desk_edit_finished)
        ui.searchEdit.textChanged.connect(lambda _text: self._search_timer.start())
        ui.resultList.currentItemChanged.connect(self._update_buttons)
        ui.resultList.itemActivated.connect(lambda _item: self._on_check_in_clicked())
        ui.checkInButton.clicked.connect(self._on_check_in_clicked)
        ui.checkOutButton.clicked.connect(self._on_check_out_clicked)
        ui.groupCheckInButton.clicked.connect(self._on_group_check_in_clicked)
        ui.codeButton.clicked.connect(self._on_code_entered)
        ui.codeEdit.returnPressed.connect(self._on_code_entered)
        ui.undoButton.clicked.connect(self._on_undo_clicked)
        ui.cameraButton.toggled.connect(self._on_camera_toggled)
        ui.bigButton.toggled.connect(self._on_big_toggled)
        ui.savePdfButton.clicked.connect(self._on_save_pdf_clicked)
        ui.printButton.clicked.connect(self._on_print_clicked)
        ui.replaceButton.clicked.connect(self._on_replace_clicked)
        ui.keysButton.clicked.connect(self._on_keys_clicked)
        for name, dialog_class in REGISTER_DIALOGS:
            getattr(ui, name).clicked.connect(
                lambda _checked=False, cls=dialog_class: self._open_dialog(cls)
            )

    # -- life cycle ----------------------------------------------------------------------------

    def on_event_changed(self, event: Event | None) -> None:
        """Start a desk session on the new event."""
        self.desk = (
            None
            if event is None
            else CheckInDesk(self.context.store, event.id, self.ui.deskEdit.text().strip())
        )
        self.setEnabled(event is not None)
        self.undo_bar.hide()
        self._fill_groups()
        self.show_ready()
        self.refresh_counters()
        self._show_whether_closed()

    def showEvent(self, event) -> None:
        """Listen to the scanner, and for check-ins made elsewhere, while on screen."""
        super().showEvent(event)
        self.scan_filter.install()
        self._change_count = presence.change_count(self.context.store)
        self._watch_timer.start()
        self.refresh_counters()
        self._show_whether_closed()  # e.g. reopened in the Event screen meanwhile

    def hideEvent(self, event) -> None:
        """Stop taking keys from other screens."""
        self.scan_filter.uninstall()
        self._counter_timer.stop()
        self._search_timer.stop()
        self._watch_timer.stop()
        super().hideEvent(event)

    def shutdown(self) -> None:
        """Release the keyboard filter, the timers and the camera."""
        self.scan_filter.uninstall()
        self._counter_timer.stop()
        self._reset_timer.stop()
        self._watch_timer.stop()
        self.undo_bar.hide()
        self.camera.stop()

    def _on_watch_timer_timeout(self) -> None:
        count = presence.change_count(self.context.store)
        if count == self._change_count or not self.isVisible():
            return
        self._change_count = count  # another process wrote: counters, search, closed?
        self.refresh_counters()
        self._show_whether_closed()
        if self.ui.searchEdit.text():
            self._on_search_text_changed(self.ui.searchEdit.text())

    def _show_whether_closed(self) -> None:
        event = self.context.event
        closed = event is not None and get_event(self.context.store, event.id).status == "closed"
        self.ui.closedBanner.setVisible(closed)

    # -- scans and verdicts --------------------------------------------------------------------

    def handle_scan(self, text: str) -> Verdict | None:
        """Check in (or out) whoever *text* belongs to and show the verdict."""
        if self.desk is None:  # never silent: the scan is not lost without a word
            self.panel.show(
                LOOKS[Outcome.EVENT_CLOSED],
                _("No event is open"),
                _("Open an event in the Event screen to check people in."),
                "",
            )
            self.sounds.play(LOOKS[Outcome.EVENT_CLOSED].sound)
            return None
        self.undo_bar.hide()
        verdict = None
        try:  # two scans that arrived joined give two verdicts, shown in turn
            for verdict in self.desk.scan_each(text, mode=self.ui.modeCombo.currentData()):
                self.show_verdict(verdict)
        except (MscdError, sqlite3.Error) as exc:  # nothing was stored: say so, loudly
            self.last_verdict = None
            self.panel.show(
                LOOKS[Outcome.FORGED],
                _("Not saved"),
                _(
                    "The check-in could not be written ({error}). Do not let the person "
                    "in yet; try again or check the disk."
                ).format(error=exc),
                "",
            )
            self.sounds.play(LOOKS[Outcome.FORGED].sound)
            return None
        return verdict

    def show_verdict(self, verdict: Verdict) -> None:
        """Fill the verdict panel (and play its sound) at once."""
        quiet_repeat = (
            verdict.status == Outcome.JUST_SCANNED
            and self.last_verdict is not None
            and self._reset_timer.isActive()
        )
        self.last_verdict = verdict
        if quiet_repeat:  # keep the verdict on screen; just say the repeat was ignored
            self.panel.set_detail(verdict.message())
            self._reset_timer.start()
            return
        look = LOOKS[verdict.status]
        self.panel.show(look, verdict.title(), verdict.message(), detail_line(verdict))
        self.sounds.play(look.sound)
        self._reset_timer.start()
        if verdict.status == Outcome.EVENT_CLOSED:
            self.ui.closedBanner.setVisible(True)
        if verdict.admitted_now:
            self.checkin_recorded.emit(verdict)
            if not self._counter_timer.isActive():
                self._counter_timer.start()
            if self.ui.searchEdit.text():
                self._on_search_text_changed(self.ui.searchEdit.text())

    def show_ready(self) -> None:
        """The calm state between scans."""
        self.panel.show(
            READY,
            _("Ready to scan"),
            _("Scan a ticket, type its short code or search by name."),
            "",
        )

    def _on_search_timer_timeout(self) -> None:
        if self.isVisible():
            self._on_search_text_changed(self.ui.searchEdit.text())

    def _on_counter_timer_timeout(self) -> None:
        if self.isVisible():
            self.refresh_counters()

    def refresh_counters(self) -> None:
        """Checked in / registered, inside now, and by audience."""
        if self.desk is None:
            self.ui.checkedInLabel.setText("")
            self.ui.insideLabel.setText("")
            self.ui.audienceLabel.setText("")
            return
        counts = self.desk.counters()
        number = current_formats().integer
        self.ui.checkedInLabel.setText(
            _("{checked} / {registered} checked in").format(
                checked=number(counts.checked_in), registered=number(counts.registered)
            )
        )
        self.ui.insideLabel.setText(_("{inside} inside now").format(inside=number(counts.inside)))
        unknown = _("Unknown")
        self.ui.audienceLabel.setText(
            "   ·   ".join(
                f"{audience_label(aud) if aud else unknown}: {number(checked)}/{number(registered)}"
                for aud, (checked, registered, _inside) in counts.by_audience.items()
            )
        )

    # -- desk actions ----------------------------------------------------------------------------

    def _on_desk_edit_finished(self) -> None:
        name = self.ui.deskEdit.text().strip()
        if name:
            options.put(options.DESK_NAME, name)
        if self.desk is not None:
            self.desk.desk = name

    def _on_code_entered(self) -> None:
        text = self.ui.codeEdit.text().strip()
        if text:
            self.handle_scan(text)
            self.ui.codeEdit.clear()

    def _on_undo_clicked(self) -> None:
        if self.desk is None:
            return
        undone = self.desk.undo_last()
        self.undo_bar.show_undone(undone)
        if undone is not None:  # the green name on screen is no longer true
            self._reset_timer.stop()
            self.show_ready()
        self.refresh_counters()

    def _on_undo_bar_redo_requested(self, undone: Undone) -> None:
        if self.desk is None:
            return
        self.undo_bar.show_redone(self.desk.redo(undone))
        self.refresh_counters()

    def _on_search_text_changed(self, text: str) -> None:
        self.ui.resultList.clear()
        if self.desk is None or len(text.strip()) < 2:
            self._update_buttons()
            return
        for person, inside in self.desk.search(text):
            label = person.name + (f" · {person.organisation}" if person.organisation else "")
            if inside:
                label += "  " + _("(inside)")
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, inside)
            self.ui.resultList.addItem(item)
        if self.ui.resultList.count():
            self.ui.resultList.setCurrentRow(0)
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        item = self.ui.resultList.currentItem()
        inside = bool(item and item.data(Qt.ItemDataRole.UserRole + 1))
        self.ui.checkInButton.setEnabled(item is not None and not inside)
        self.ui.checkOutButton.setEnabled(item is not None and inside)
        self.ui.replaceButton.setEnabled(item is not None)
        self.ui.groupCheckInButton.setEnabled(self.ui.groupCombo.count() > 0)

    def _selected_person(self) -> str | None:
        item = self.ui.resultList.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _on_check_in_clicked(self) -> None:
        person = self._selected_person()
        if self.desk is not None and person:
            self.show_verdict(self.desk.check_in_attendee(person))

    def _on_check_out_clicked(self) -> None:
        person = self._selected_person()
        if self.desk is not None and person:
            self.show_verdict(self.desk.check_out(person))

    def _fill_groups(self) -> None:
        self.ui.groupCombo.clear()
        if self.context.event is not None:
            for group in list_groups(self.context.store, self.context.event.id):
                text = ngettext(
                    "{class_name}, {school} ({count} pupil)",
                    "{class_name}, {school} ({count} pupils)",
                    group.pupil_count,
                ).format(class_name=group.class_name, school=group.school, count=group.pupil_count)
                self.ui.groupCombo.addItem(text, group.id)
        self._update_buttons()

    def _on_group_check_in_clicked(self) -> None:
        group_id = self.ui.groupCombo.currentData()
        if self.desk is not None and group_id:
            self.show_verdict(self.desk.check_in_group(group_id))

    def _on_big_toggled(self, on: bool) -> None:
        for box in (
            self.ui.searchBox,
            self.ui.groupBox,
            self.ui.codeBox,
            self.ui.registerBox,
            self.ui.printBox,
        ):
            box.setVisible(not on)
        self.ui.layout().setStretch(1, 0 if on else 2)
        # the panel repaints what it shows now at its new size: never an older verdict

    # -- camera -----------------------------------------------------------------------------------

    def _on_camera_toggled(self, on: bool) -> None:
        if on and self.camera.start(self.ui.cameraHolder):
            self.ui.cameraHolder.setVisible(True)
            return
        self.camera.stop()
        self.ui.cameraHolder.setVisible(False)
        self.ui.cameraButton.setChecked(False)

    def _on_camera_failed(self, message: str) -> None:
        self.context.status_message_requested.emit(message)

    # -- registration dialogs (part A) ------------------------------------------------------------

    def _open_dialog(self, dialog_class: type[QDialog]) -> None:
        dialog = dialog_class(self.context, self)
        dialog.exec()
        self._fill_groups()
        person, group = getattr(dialog, "attendee", None), getattr(dialog, "group", None)
        if self.desk is not None and person is not None:  # a walk-in is at the desk now
            self.show_verdict(self.desk.admit_walk_in(person.id))
        if self.desk is not None and group is not None:  # tickets for just them: fast
            self.desk.ticket_group(group.id)
            self.ui.groupCombo.setCurrentIndex(self.ui.groupCombo.findData(group.id))
        self.refresh_counters()

    # -- badges and printing ----------------------------------------------------------------------

    def _on_save_pdf_clicked(self) -> None:
        self.badges.save_pdf(self.ui.layoutCombo.currentData())

    def _on_print_clicked(self) -> None:
        self.badges.print_badges(self.ui.layoutCombo.currentData())

    def _on_keys_clicked(self) -> None:
        TicketKeysDialog(self.context, self).exec()
        self._search_timer.start()  # a cancelled ticket shows at once

    def _on_replace_clicked(self) -> None:
        person = self._selected_person()
        if person is None:
            return
        answer = QMessageBox.question(
            self,
            _("Replace ticket"),
            _("Print a new ticket for this person? Their old ticket will be refused."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        ticket = self.badges.replace_ticket(person)
        self.context.status_message_requested.emit(
            _("New ticket {code}; the old one is cancelled.").format(code=ticket.short_code)
        )
        self.badges.print_badges("tickets", ticket_ids=(ticket.id,))
