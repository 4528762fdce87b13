"""The Event screen: create, edit, open, close and delete the day's events.

While no event exists it shows the guided start instead (:mod:`.guided_start`).
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QInputDialog, QListWidgetItem, QMessageBox, QWidget

from mscd_desktop import i18n
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.dates import show_dates_the_readers_way
from mscd_desktop.gui.common.field_errors import show_field_errors
from mscd_desktop.gui.common.pin_prompt import confirm_with_pin
from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.gui.event.event_actions import (
    ask_about_unsaved_event,
    close_after_asking,
    delete_after_asking,
    offer_reports,
)
from mscd_desktop.gui.event.guided_start import GuidedStart
from mscd_desktop.i18n import _

FIELDS = ("name", "project", "city", "venue", "date", "audiences", "languages", "pin")


class EventScreen(Screen):
    """List of events on the left, the selected (or new) event's details on the right."""

    event_saved = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.ui = self.load_form("event/event_screen")
        show_dates_the_readers_way(self.ui.dateEdit)
        self._editing: ev.Event | None = None
        self._shown_draft: ev.EventDraft | None = None  # the form as last shown or saved
        self._audience_boxes: dict[str, QCheckBox] = {}
        for index, code in enumerate(ev.AUDIENCES):
            box = QCheckBox(ev.audience_label(code), self.ui.audienceBox)
            box.setObjectName(f"audience_{code}")
            self.ui.audienceGrid.addWidget(box, index // 2, index % 2)
            self._audience_boxes[code] = box
        self.ui.projectCombo.setPlaceholderText(_("Choose the cluster project"))
        self.ui.eventList.setWordWrap(True)
        self.ui.eventList.currentItemChanged.connect(self._on_event_list_current_changed)
        self.ui.newButton.clicked.connect(self._on_new_clicked)
        self.ui.openButton.clicked.connect(self._on_open_clicked)
        self.ui.closeButton.clicked.connect(self._on_close_clicked)
        self.ui.deleteButton.clicked.connect(self._on_delete_clicked)
        self.ui.saveButton.clicked.connect(self.save)
        self.ui.addProjectButton.clicked.connect(self._on_add_project_clicked)
        self._fill_projects()
        self.guided_start: GuidedStart | None = None
        self.refresh_list()
        if context.event is not None:
            self._select(context.event.id)
        else:
            self.start_new_event()
            if not ev.list_events(context.store):
                self._show_guided_start()

    # -- first run -------------------------------------------------------------------------

    def _show_guided_start(self) -> None:
        """No event yet: the guided start instead of an empty form."""
        guide = GuidedStart(self.context, self)
        guide.event_ready.connect(self._on_guide_event_ready)
        guide.more_details_requested.connect(self._on_guide_more_details_requested)
        self._layout.addWidget(guide)
        self.ui.hide()
        self.guided_start = guide
        guide.ui.nameEdit.setFocus()

    def _leave_guided_start(self) -> None:
        if self.guided_start is None:
            return
        self.guided_start.hide()
        self.guided_start.deleteLater()
        self.guided_start = None
        self.ui.show()

    def _on_guide_event_ready(self, event: ev.Event) -> None:
        self._leave_guided_start()
        self._shown_draft = None  # the empty form behind the guide was never filled in
        self._fill_projects(event.project)
        self.refresh_list()
        self._select(event.id)
        self.ui.messageLabel.setText(
            _("“{name}” is ready. Add venue, audiences and languages here when you like.").format(
                name=event.name
            )
        )

    def _on_guide_more_details_requested(self) -> None:
        typed = self.guided_start.draft() if self.guided_start else None
        self._leave_guided_start()
        self.start_new_event()
        if typed is not None:
            self.ui.nameEdit.setText(typed.name)
            self.ui.projectCombo.setCurrentIndex(self.ui.projectCombo.findText(typed.project))
            self.ui.cityEdit.setText(typed.city)
            self.ui.dateEdit.setDate(QDate.fromString(typed.date, "yyyy-MM-dd"))
            self.ui.pinEdit.setText(typed.pin or "")

    # -- list ------------------------------------------------------------------------------

    def refresh_list(self) -> None:
        """Re-read the events from the store."""
        selected = self._editing.id if self._editing else None
        current = self.context.event.id if self.context.event else None
        self.ui.eventList.blockSignals(True)
        self.ui.eventList.clear()
        for event in ev.list_events(self.context.store):
            text = _("{date}  {name}\n{city} · {project}").format(
                date=current_formats().date(event.date),
                name=event.name,
                city=event.city,
                project=event.project,
            )
            if event.status == "closed":
                text += "  " + _("(closed)")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, event.id)
            if event.id == current:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
                item.setToolTip(_("The open event"))
            self.ui.eventList.addItem(item)
        self.ui.eventList.blockSignals(False)
        if selected:
            self._select(selected)
        self._update_buttons()

    def _select(self, event_id: str) -> None:
        for row in range(self.ui.eventList.count()):
            item = self.ui.eventList.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == event_id:
                self.ui.eventList.setCurrentItem(item)
                return

    def _selected_event(self) -> ev.Event | None:
        item = self.ui.eventList.currentItem()
        if item is None:
            return None
        return ev.get_event(self.context.store, item.data(Qt.ItemDataRole.UserRole))

    def _on_event_list_current_changed(
        self, current: QListWidgetItem | None, previous: QListWidgetItem | None
    ) -> None:
        if current is None:
            return
        event_id = current.data(Qt.ItemDataRole.UserRole)
        if self._editing is None or self._editing.id != event_id:
            if not self.can_leave():  # stay on the unsaved form
                self.ui.eventList.blockSignals(True)
                self.ui.eventList.setCurrentItem(previous)
                if previous is None:
                    self.ui.eventList.clearSelection()
                self.ui.eventList.blockSignals(False)
                return
            if self.ui.eventList.currentItem() is not current:  # saved: the list was rebuilt
                self._select(event_id)
                return
        self._show(ev.get_event(self.context.store, event_id))

    def _update_buttons(self) -> None:
        selected = self._editing
        self.ui.openButton.setEnabled(
            selected is not None
            and (self.context.event is None or self.context.event.id != selected.id)
        )
        self.ui.closeButton.setEnabled(selected is not None)
        self.ui.deleteButton.setEnabled(selected is not None)
        closed = selected is not None and selected.status == "closed"
        self.ui.closeButton.setText(_("&Reopen event") if closed else _("Clos&e event"))

    # -- form ------------------------------------------------------------------------------

    def _fill_projects(self, choose: str | None = None) -> None:
        current = choose or self.ui.projectCombo.currentText()
        self.ui.projectCombo.clear()
        self.ui.projectCombo.addItems(ev.list_projects(self.context.store))
        if current:
            self.ui.projectCombo.setCurrentText(current)

    def has_unsaved_changes(self) -> bool:
        """Whether the form says something that is not stored (a new event being filled
        in, or changes to the one shown)."""
        return self._shown_draft is not None and self.draft() != self._shown_draft

    def can_leave(self) -> bool:
        """Unsaved input: ask to save it (staying if that fails), discard it, or stay."""
        if not self.has_unsaved_changes():
            return True
        answer = ask_about_unsaved_event(self, self.ui.nameEdit.text().strip(), self._editing)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            if self._editing is not None:
                self._show(self._editing)
            else:
                self.start_new_event()
            return True
        return False

    def _on_new_clicked(self) -> None:
        if self.can_leave():
            self.start_new_event()

    def start_new_event(self) -> None:
        """Clear the form for a new event."""
        self._leave_guided_start()
        self._editing = None
        self.ui.eventList.clearSelection()
        self.ui.eventList.setCurrentItem(None)
        self.ui.detailsBox.setTitle(_("New event"))
        for widget in (self.ui.nameEdit, self.ui.cityEdit, self.ui.venueEdit, self.ui.pinEdit):
            widget.clear()
        project = self.context.event.project if self.context.event else ""
        self.ui.projectCombo.setCurrentIndex(self.ui.projectCombo.findText(project))
        self.ui.dateEdit.setDate(QDate.currentDate())
        languages = dict.fromkeys([i18n.current_language(), "en"])
        self.ui.languagesEdit.setText(", ".join(languages))
        for box in self._audience_boxes.values():
            box.setChecked(False)
        self.ui.pinEdit.setPlaceholderText(_("4 to 8 digits, guards kiosk exit and admin actions"))
        self._clear_errors()
        self.ui.messageLabel.clear()
        self._update_buttons()
        self._shown_draft = self.draft()
        self.ui.nameEdit.setFocus()

    def _show(self, event: ev.Event) -> None:
        self._editing = event
        self.ui.detailsBox.setTitle(_("Event details"))
        self.ui.nameEdit.setText(event.name)
        self._fill_projects(event.project)
        self.ui.cityEdit.setText(event.city)
        self.ui.venueEdit.setText(event.venue)
        self.ui.dateEdit.setDate(QDate.fromString(event.date, "yyyy-MM-dd"))
        self.ui.languagesEdit.setText(", ".join(event.languages))
        for code, box in self._audience_boxes.items():
            box.setChecked(code in event.audiences)
        self.ui.pinEdit.clear()
        self.ui.pinEdit.setPlaceholderText(
            _("Empty keeps the current PIN") if event.has_pin else _("No PIN set yet")
        )
        self._clear_errors()
        self.ui.messageLabel.clear()
        self._update_buttons()
        self._shown_draft = self.draft()

    def draft(self) -> ev.EventDraft:
        """What the form says now."""
        languages = [c.strip() for c in self.ui.languagesEdit.text().replace(";", ",").split(",")]
        pin = self.ui.pinEdit.text().strip()
        return ev.EventDraft(
            name=self.ui.nameEdit.text(),
            project=self.ui.projectCombo.currentText(),
            city=self.ui.cityEdit.text(),
            venue=self.ui.venueEdit.text(),
            date=self.ui.dateEdit.date().toString("yyyy-MM-dd"),
            audiences=tuple(c for c, box in self._audience_boxes.items() if box.isChecked()),
            languages=tuple(c for c in languages if c),
            pin=pin if pin or self._editing is None else None,
        )

    def _clear_errors(self) -> None:
        self._show_errors({})

    def _show_errors(self, errors: dict[str, str]) -> None:
        show_field_errors(
            self.ui,
            FIELDS,
            errors,
            focus={
                "name": self.ui.nameEdit,
                "project": self.ui.projectCombo,
                "city": self.ui.cityEdit,
                "date": self.ui.dateEdit,
                "languages": self.ui.languagesEdit,
                "pin": self.ui.pinEdit,
            },
        )

    def save(self) -> bool:
        """Create or update the event from the form; errors appear at their fields.

        Changing or removing the PIN of an event that has one needs that PIN first.
        """
        draft = self.draft()
        if not self._pin_change_allowed(draft):
            self.ui.messageLabel.setText(_("Nothing was saved: the current PIN is needed."))
            return False
        try:
            if self._editing is None:
                saved = ev.create_event(self.context.store, draft)
                self.context.set_event(saved)
            else:
                saved = ev.update_event(self.context.store, self._editing.id, draft)
                if self.context.event and self.context.event.id == saved.id:
                    self.context.refresh_event()
        except ValidationError as exc:
            self._show_errors(exc.errors or {"name": str(exc)})
            self.ui.messageLabel.setText(_("Nothing was saved: please correct the marked fields."))
            return False
        except MscdError as exc:
            self.ui.messageLabel.setText(str(exc))
            return False
        self._editing = saved
        self._shown_draft = None  # shown again below, from the store
        self.refresh_list()
        self._select(saved.id)
        self._shown_draft = self.draft()
        self.ui.messageLabel.setText(_("Saved."))
        self.event_saved.emit(saved)
        return True

    def _pin_change_allowed(self, draft: ev.EventDraft) -> bool:
        editing = self._editing
        if editing is None or draft.pin is None or not editing.has_pin:
            return True
        return confirm_with_pin(
            self,
            self.context,
            title=_("Change the organiser PIN"),
            text=_("Type the current PIN of “{name}” to change it.").format(name=editing.name),
            event=editing,
        )

    # -- actions ---------------------------------------------------------------------------

    def _on_open_clicked(self) -> None:
        event = self._selected_event()
        if event is not None:
            self.context.set_event(event)

    def _on_close_clicked(self) -> None:
        event = self._selected_event()
        if event is None:
            return
        if event.status == "closed":
            ev.reopen_event(self.context.store, event.id)
        elif not close_after_asking(self, self.context, event):
            return
        self._editing = ev.get_event(self.context.store, event.id)
        self.refresh_list()
        if self._editing.status == "closed":
            offer_reports(self, self.context, self._editing)

    def _on_delete_clicked(self) -> None:
        event = self._selected_event()
        if event is not None:
            self.delete_event(event)

    def delete_event(self, event: ev.Event) -> bool:
        """Delete *event* after asking (:func:`delete_after_asking`); True when deleted."""
        deleted = delete_after_asking(self, self.context, event)
        if deleted is None:
            return False
        self._editing = None
        self._shown_draft = None
        self.refresh_list()
        if self.ui.eventList.count():
            self.ui.eventList.setCurrentRow(0)
        else:
            self.start_new_event()
            self._show_guided_start()  # no event left: as on the first run
        return True

    def _on_add_project_clicked(self) -> None:
        name, ok = QInputDialog.getText(self, _("Add project"), _("Name of the cluster project:"))
        if not ok:
            return
        try:
            added = ev.add_project(self.context.store, name)
        except ValidationError as exc:
            self._show_errors({"project": str(exc)})
            return
        self._fill_projects(added)

    def on_event_changed(self, event: ev.Event | None) -> None:
        """Bold the open event in the list."""
        self.refresh_list()
