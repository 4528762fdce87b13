"""The check-in desk: scan, see the verdict from two metres, fix mistakes, print badges.

Scans arrive from a USB scanner through :class:`ScanKeyFilter` (whatever has focus), from
the webcam, or as a typed short code. Each goes to :class:`CheckInDesk`, which commits the
check-in before returning its verdict; the verdict then fills the left side with colour,
icon, words and a sound, and never needs a click, so the next scan can follow at once.
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

from mscd_desktop.core import tickets as tk
from mscd_desktop.core.attendees import list_groups
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.events import Event, audience_label
from mscd_desktop.core.ticket_codes import split_joined_scans
from mscd_desktop.core.verdicts import FORGED, JUST_SCANNED, Verdict
from mscd_desktop.gui.checkin.badge_printing import BadgePrinter
from mscd_desktop.gui.checkin.camera_scanner import CameraScanner
from mscd_desktop.gui.checkin.import_dialog import ImportDialog
from mscd_desktop.gui.checkin.scan_filter import ScanKeyFilter
from mscd_desktop.gui.checkin.school_group_dialog import SchoolGroupDialog
from mscd_desktop.gui.checkin.verdict_view import LOOKS, SoundCues, detail_line, paint
from mscd_desktop.gui.checkin.walk_in_dialog import WalkInDialog
from mscd_desktop.gui.common import options
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.i18n import N_, _

RESET_MS = 8000
SEARCH_DELAY_MS = 120  # search once typing pauses, not on every key
COUNTER_DELAY_MS = 150  # after the verdict is painted; at most ~7 refreshes a second
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
        self._fill_groups()
        self.show_ready()
        self.refresh_counters()

    def showEvent(self, event) -> None:
        """Listen to the scanner while the desk is on screen."""
        super().showEvent(event)
        self.scan_filter.install()

    def hideEvent(self, event) -> None:
        """Stop taking keys from other screens."""
        self.scan_filter.uninstall()
        self._counter_timer.stop()
        self._search_timer.stop()
        super().hideEvent(event)

    def shutdown(self) -> None:
        """Release the keyboard filter, the timers and the camera."""
        self.scan_filter.uninstall()
        self._counter_timer.stop()
        self._reset_timer.stop()
        self.camera.stop()

    # -- scans and verdicts --------------------------------------------------------------------

    def handle_scan(self, text: str) -> Verdict | None:
        """Check in (or out) whoever *text* belongs to and show the verdict."""
        if self.desk is None:
            return None
        verdict = None
        for part in split_joined_scans(text):
            try:
                verdict = self.desk.scan(part, mode=self.ui.modeCombo.currentData())
            except (MscdError, sqlite3.Error) as exc:  # nothing was stored: say so, loudly
                self.last_verdict = None
                self._paint(
                    LOOKS[FORGED],
                    _("Not saved"),
                    _(
                        "The check-in could not be written ({error}). Do not let the person "
                        "in yet; try again or check the disk."
                    ).format(error=exc),
                    "",
                )
                self.sounds.play(LOOKS[FORGED].sound)
                return None
            self.show_verdict(verdict)
        return verdict

    def show_verdict(self, verdict: Verdict) -> None:
        """Fill the verdict panel (and play its sound) at once."""
        quiet_repeat = (
            verdict.status == JUST_SCANNED
            and self.last_verdict is not None
            and self._reset_timer.isActive()
        )
        self.last_verdict = verdict
        if quiet_repeat:  # keep the verdict on screen; just say the repeat was ignored
            self.ui.verdictDetail.setText(verdict.message())
            self._reset_timer.start()
            return
        look = LOOKS[verdict.status]
        self._paint(look, verdict.title(), verdict.message(), detail_line(verdict))
        self.sounds.play(look.sound)
        self._reset_timer.start()
        if verdict.admitted_now:
            self.checkin_recorded.emit(verdict)
            if not self._counter_timer.isActive():
                self._counter_timer.start()
            if self.ui.searchEdit.text():
                self._on_search_text_changed(self.ui.searchEdit.text())

    def show_ready(self) -> None:
        """The calm state between scans."""
        self._paint(
            LOOKS["ready"],
            _("Ready to scan"),
            _("Scan a ticket, type its short code or search by name."),
            "",
        )

    def _paint(self, look, title: str, message: str, detail: str) -> None:
        sizes = paint(self.ui.verdictFrame, look, self.ui.verdictFrame.height())
        ui = self.ui
        for label, size, text in (
            (ui.verdictIcon, sizes["icon"], look.icon),
            (ui.verdictTitle, sizes["title"], title),
            (ui.verdictMessage, sizes["message"], message),
            (ui.verdictDetail, sizes["detail"], detail),
        ):
            label.setText(text)
            weight = "bold" if label is ui.verdictTitle else "normal"
            label.setStyleSheet(f"font-size: {size}; font-weight: {weight};")
        ui.verdictFrame.setProperty("status", look.icon)
        ui.verdictFrame.repaint()

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
        self.ui.checkedInLabel.setText(
            _("{checked} / {registered} checked in").format(
                checked=counts.checked_in, registered=counts.registered
            )
        )
        self.ui.insideLabel.setText(_("{inside} inside now").format(inside=counts.inside))
        unknown = _("Unknown")
        self.ui.audienceLabel.setText(
            "   ·   ".join(
                f"{audience_label(aud) if aud else unknown}: {checked}/{registered}"
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
        count = self.desk.undo_last()
        message = (
            _("Undone: {count} check-in(s) taken back.").format(count=count)
            if count
            else _("There is no check-in of this desk to undo.")
        )
        self._paint(LOOKS["ready"], _("Undone") if count else _("Nothing to undo"), message, "")
        self._reset_timer.start()
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
                text = _("{class_name}, {school} ({count} pupils)").format(
                    class_name=group.class_name, school=group.school, count=group.pupil_count
                )
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
        QTimer.singleShot(0, self._repaint_verdict)

    def _repaint_verdict(self) -> None:
        verdict = self.last_verdict
        if verdict is None or verdict.status == JUST_SCANNED:
            self.show_ready()
        else:
            look = LOOKS[verdict.status]
            self._paint(look, verdict.title(), verdict.message(), detail_line(verdict))

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
        if person is not None or group is not None:  # only theirs: fast after big imports
            tk.issue_tickets_for(
                self.context.store,
                self.context.event.id,
                attendee_ids=(person.id,) if person else (),
                group_id=group.id if group else None,
            )
        if person is not None and self.desk is not None:  # a walk-in is at the desk now
            self.show_verdict(self.desk.check_in_attendee(person.id))
        if group is not None:
            self.ui.groupCombo.setCurrentIndex(self.ui.groupCombo.findData(group.id))
        self.refresh_counters()

    # -- badges and printing ----------------------------------------------------------------------

    def _on_save_pdf_clicked(self) -> None:
        self.badges.save_pdf(self.ui.layoutCombo.currentData())

    def _on_print_clicked(self) -> None:
        self.badges.print_badges(self.ui.layoutCombo.currentData())

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
