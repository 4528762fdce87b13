"""The guided start: what the Event screen shows while no event exists yet.

A first run should not open on an empty form with eight fields. This page asks only what an
event needs (name, project, city, date and the organiser PIN) or opens the demo event, and
hands over to the full Event screen (``More details…``) for venue, audiences and languages.
It lives in the Event screen's package because it is that screen's first state: it creates
events through the same core service and needs nothing from the shell.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QWidget

from mscd_desktop import i18n
from mscd_desktop.core import events as ev
from mscd_desktop.core.demo import DEMO_PIN, create_demo
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.dates import show_dates_the_readers_way
from mscd_desktop.gui.common.field_errors import show_field_errors
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.gui.common.workers import run_task
from mscd_desktop.i18n import _

FIELDS = ("name", "project", "city", "date", "pin")


class GuidedStart(QWidget):
    """Create the first event in five answers, or open the demo."""

    event_ready = Signal(object)  # the Event just created (or the demo), now open
    more_details_requested = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = embed_form(self, "event/guided_start")
        self.ui.demoLabel.setText(
            _(
                "Try everything on a ready demo event: an Open House at the Torrelago district "
                "heating plant with sample visitors, tickets and quiz results. Its PIN is {pin}."
            ).format(pin=DEMO_PIN)
        )
        self.ui.projectCombo.addItems(ev.list_projects(context.store))
        self.ui.projectCombo.setCurrentIndex(-1)
        self.ui.projectCombo.setPlaceholderText(_("Choose the cluster project"))
        show_dates_the_readers_way(self.ui.dateEdit)
        self.ui.dateEdit.setDate(QDate.currentDate())
        self.ui.createButton.clicked.connect(self.create_event)
        self.ui.demoButton.clicked.connect(self.open_demo)
        self.ui.moreButton.clicked.connect(self._on_more_clicked)
        self.ui.nameEdit.returnPressed.connect(self.create_event)
        self.ui.pinEdit.returnPressed.connect(self.create_event)

    def _on_more_clicked(self) -> None:
        self.more_details_requested.emit()

    def draft(self) -> ev.EventDraft:
        """What the page says now."""
        return ev.EventDraft(
            name=self.ui.nameEdit.text(),
            project=self.ui.projectCombo.currentText(),
            city=self.ui.cityEdit.text(),
            date=self.ui.dateEdit.date().toString("yyyy-MM-dd"),
            languages=tuple(dict.fromkeys([i18n.current_language(), "en"])),
            pin=self.ui.pinEdit.text().strip(),
        )

    def create_event(self) -> ev.Event | None:
        """Create and open the event; the problems appear at their fields otherwise."""
        draft = self.draft()
        # the full Event screen allows an event without a PIN; a first event gets one
        errors = ev.validate_event(draft, ev.list_projects(self.context.store))
        if not draft.pin:
            errors.setdefault("pin", _("Choose a PIN of 4 to 8 digits."))
        try:
            if errors:
                raise ValidationError(next(iter(errors.values())), errors=errors)
            event = ev.create_event(self.context.store, draft)
        except ValidationError as exc:
            self._show_errors(exc.errors or {"name": str(exc)})
            self.ui.messageLabel.setText(_("Nothing was saved: please correct the marked fields."))
            return None
        except MscdError as exc:
            self.ui.messageLabel.setText(str(exc))
            return None
        self._show_errors({})
        self.context.set_event(event)
        self.event_ready.emit(self.context.event)
        return event

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
                "pin": self.ui.pinEdit,
            },
        )

    def open_demo(self) -> None:
        """Create the demo event (off the GUI thread: it fills a day of sample data)."""
        self._set_busy(True)
        self.ui.messageLabel.setText(_("Preparing the demo event…"))
        store = self.context.store
        run_task(
            lambda _progress, _cancelled: create_demo(store),
            on_done=self._on_demo_ready,
            on_error=self._on_demo_failed,
        )

    def _on_demo_ready(self, event: ev.Event) -> None:
        self._set_busy(False)
        self.ui.messageLabel.clear()
        self.context.set_event(event)
        self.event_ready.emit(self.context.event)

    def _on_demo_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self.ui.messageLabel.setText(
            _("The demo event could not be made: {error}").format(error=error)
        )

    def _set_busy(self, busy: bool) -> None:
        for button in (self.ui.createButton, self.ui.demoButton, self.ui.moreButton):
            button.setEnabled(not busy)
