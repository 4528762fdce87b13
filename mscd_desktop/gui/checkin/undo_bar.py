"""The bar that says what an undo took back, with a way to put it back.

"Check-in of Ana García undone. [Redo]": an undo at the desk is never silent. The bar
stays a while (or until the next scan) and its Redo asks the desk to let the undone
check-in stand again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from mscd_desktop.core.presence import Undone
from mscd_desktop.i18n import _, ngettext

SHOWN_MS = 20000


def who(undone: Undone) -> str:
    """The person, or the class with its size, that an undo took back."""
    if undone.group:
        return ngettext("{group} ({n} person)", "{group} ({n} people)", undone.count).format(
            group=undone.group, n=undone.count
        )
    if undone.count == 1:
        return undone.names[0]
    return ngettext("{n} person", "{n} people", undone.count).format(n=undone.count)


class UndoBar(QObject):
    """Drives the undo bar of the check-in screen (its frame, label and Redo button)."""

    redo_requested = Signal(object)  # the Undone to put back

    def __init__(
        self, frame: QWidget, label: QLabel, redo_button: QPushButton, parent: QObject
    ) -> None:
        super().__init__(parent)
        self.frame, self.label, self.redo_button = frame, label, redo_button
        self.undone: Undone | None = None
        self._timer = QTimer(self, singleShot=True, interval=SHOWN_MS)
        self._timer.timeout.connect(self.hide)
        redo_button.clicked.connect(self._on_redo_button_clicked)

    def show_undone(self, undone: Undone | None) -> None:
        """Say what was undone (or that there was nothing to undo), with Redo."""
        self.undone = undone
        if undone is None:
            self._show(_("There is no check-in of this desk to undo."), redo=False)
        else:
            self._show(_("Check-in of {who} undone.").format(who=who(undone)), redo=True)

    def show_redone(self, undone: Undone) -> None:
        """Say that the undone check-in stands again."""
        self.undone = None
        self._show(_("Check-in of {who} restored.").format(who=who(undone)), redo=False)

    def hide(self) -> None:
        """Put the bar away (the next scan does, or time)."""
        self._timer.stop()
        self.undone = None
        self.frame.setVisible(False)

    def _show(self, text: str, *, redo: bool) -> None:
        self.label.setText(text)
        self.redo_button.setVisible(redo)
        self.frame.setVisible(True)
        self._timer.start()

    def _on_redo_button_clicked(self) -> None:
        if self.undone is not None:
            self.redo_requested.emit(self.undone)
