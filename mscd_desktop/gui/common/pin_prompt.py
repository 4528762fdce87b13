"""The organiser PIN before an admin action, and the growing wait after wrong PINs.

An admin action (restoring a backup, resetting the leaderboard, closing or deleting an
event, exporting personal data, changing the PIN, rotating keys …) asks first with
:func:`confirm_with_pin`: a dialog that says what will happen and takes the event's PIN.
An event without a PIN gets a plain yes/no question instead. Wrong PINs earn the wait
that core keeps in the store (:mod:`mscd_desktop.core.organiser_pin`); while it runs the
PIN field is disabled and a countdown says how long is left. The kiosk's own unlock page
shows the same wait through :class:`PinWaitDisplay`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QObject, QRegularExpression, QTimer, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QWidget

from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.organiser_pin import PinCheck, pin_wait
from mscd_desktop.core.store import Store
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.i18n import _

TICK_MS = 1000


def utc_now() -> datetime:
    """The time PIN waits are measured against (tests move it)."""
    return datetime.now(UTC)


class PinWaitDisplay(QObject):
    """Shows what a PIN check said in *label*, and keeps *inputs* disabled, counting down
    each second, while the wait it earned runs."""

    wait_ended = Signal()

    def __init__(
        self, store: Store, label: QLabel, inputs: list[QWidget], parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.store, self.label, self.inputs = store, label, inputs
        self._event_id: str | None = None
        self._after_wrong_pin = False
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def waiting(self) -> bool:
        """Whether a wait is running (the PIN cannot be tried now)."""
        return self._timer.isActive()

    def show_check(self, event_id: str, check: PinCheck) -> None:
        """Show what *check* said, and its wait if it earned one."""
        self._event_id = event_id
        self._after_wrong_pin = check.checked
        self.label.setText(check.message())
        self._set_waiting(check.wait_seconds > 0)

    def show_pending_wait(self, event_id: str) -> bool:
        """Before the PIN is typed: show a wait still running from earlier wrong PINs
        (True), or clear the message (False)."""
        self._event_id = event_id
        self._after_wrong_pin = False
        check = pin_wait(self.store, event_id, now=utc_now())
        self.label.setText(check.message() if check.wait_seconds else "")
        self._set_waiting(check.wait_seconds > 0)
        return check.wait_seconds > 0

    def _set_waiting(self, waiting: bool) -> None:
        for widget in self.inputs:
            widget.setEnabled(not waiting)
        if waiting:
            self._timer.start()
        else:
            self._timer.stop()

    def _on_timer_timeout(self) -> None:
        # A closed prompt or a kiosk that left its PIN page has nobody to count down
        # for (and its store may be closed by now); show_pending_wait() resumes it.
        if self._event_id is None or not self.label.isVisible():
            self._timer.stop()
            return
        left = pin_wait(self.store, self._event_id, now=utc_now())
        if left.wait_seconds:
            shown = PinCheck(False, left.wait_seconds, left.failures, self._after_wrong_pin)
            self.label.setText(shown.message())
            return
        self.label.setText(_("You can try the PIN again."))
        self._set_waiting(False)
        self.wait_ended.emit()


class PinPrompt(QDialog):
    """Says what an admin action will do and asks for the event's organiser PIN."""

    def __init__(
        self,
        store: Store,
        event: ev.Event,
        *,
        title: str,
        text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        # not self.event: that would hide QWidget.event(), which Qt calls for every event
        self.store, self.guarded_event = store, event
        self.ui = embed_form(self, "common/pin_prompt", margin=12)
        self.setWindowTitle(title)
        self.ui.actionLabel.setText(text)
        self.ui.pinEdit.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self.ui.pinEdit)
        )
        self.ok_button = self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ui.buttons.accepted.connect(self._on_buttons_accepted)
        self.ui.buttons.rejected.connect(self.reject)
        self.wait = PinWaitDisplay(store, self.ui.messageLabel, [self.ui.pinEdit, self.ok_button])
        self.wait.setParent(self)
        self.wait.wait_ended.connect(self.ui.pinEdit.setFocus)
        self.wait.show_pending_wait(event.id)
        self.ui.pinEdit.setFocus()

    def _on_buttons_accepted(self) -> None:
        try:
            pin = self.ui.pinEdit.text()
            check = ev.check_pin(self.store, self.guarded_event.id, pin, now=utc_now())
        except MscdError as exc:  # e.g. a PIN set on another computer
            self.ui.messageLabel.setText(str(exc))
            return
        if check.accepted:
            self.accept()
            return
        self.ui.pinEdit.clear()
        self.wait.show_check(self.guarded_event.id, check)
        self.ui.pinEdit.setFocus()


def confirm_with_pin(
    parent: QWidget, context: AppContext, *, title: str, text: str, event: ev.Event | None = None
) -> bool:
    """Ask before an admin action; True when it may go ahead.

    *text* says what will happen. With an organiser PIN on *event* (default: the current
    event) the PIN must be typed (:class:`PinPrompt`); without one, a yes/no question.
    """
    event = event or context.event
    if event is not None:
        event = ev.get_event(context.store, event.id)  # the PIN may have changed meanwhile
    if event is None or not event.has_pin:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes
    prompt = PinPrompt(context.store, event, title=title, text=text, parent=parent)
    return prompt.exec() == QDialog.DialogCode.Accepted


def confirm_personal_export(parent: QWidget, context: AppContext, what: str) -> bool:
    """Ask for the organiser PIN before *what* (e.g. "the attendance list") is written to a
    file: it names people, and a file leaves the app's protection (a USB stick, a mail).
    True when it may go ahead."""
    return confirm_with_pin(
        parent,
        context,
        title=_("Save personal data"),
        text=_(
            "This file names people: “{what}”. Once saved, it can be copied anywhere. Save it?"
        ).format(what=what),
    )
