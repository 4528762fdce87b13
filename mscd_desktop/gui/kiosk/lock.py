"""Kiosk mode: a child cannot leave it; only the organiser can, with a long press and a PIN.

- :class:`KioskGuard`: an application-wide event filter. While locked it swallows Esc,
  F11, Alt+F4, Ctrl+Q/W, right-click menus and close requests of every window; always
  (while the board is visible) it counts activity for the idle timer, lets only the first
  finger's press through, and turns keys 1–4 / A–D into answers and Enter into "that's
  my answer" / "next" (arcade buttons).
- :class:`KioskWindow`: the frameless, always-on-top, full-screen window the board moves
  into when the kiosk is locked; it ignores close events while locked.
- :class:`HiddenCorner`: an invisible square; a long press on it asks for the PIN.

Alt+Tab, the Windows key and Ctrl+Alt+Del never reach Qt: that is the operating system's
job (``cage`` on Linux, Assigned Access / Shell Launcher on Windows; see docs/kiosk.md).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

LONG_PRESS_MS = 2500
STUCK_PRESS_S = 3.0  # a press whose release never came (its widget went away) expires
ANSWER_KEYS = {
    Qt.Key.Key_1: 0,
    Qt.Key.Key_2: 1,
    Qt.Key.Key_3: 2,
    Qt.Key.Key_4: 3,
    Qt.Key.Key_A: 0,
    Qt.Key.Key_B: 1,
    Qt.Key.Key_C: 2,
    Qt.Key.Key_D: 3,
}
CONFIRM_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}  # a fifth arcade button: "OK"
_BLOCKED_KEYS = {Qt.Key.Key_Escape, Qt.Key.Key_F11, Qt.Key.Key_Menu}
_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
}


def _is_blocked_key(event: QKeyEvent) -> bool:
    key, mods = event.key(), event.modifiers()
    if key in _BLOCKED_KEYS:
        return True
    if key == Qt.Key.Key_F4 and mods & Qt.KeyboardModifier.AltModifier:
        return True
    return bool(key in (Qt.Key.Key_Q, Qt.Key.Key_W) and mods & Qt.KeyboardModifier.ControlModifier)


class KioskGuard(QObject):
    """The application-wide event filter of the kiosk (see the module docstring)."""

    def __init__(
        self, board: QWidget, on_activity: Callable[[], None], on_answer_key: Callable[[int], None]
    ) -> None:
        super().__init__(board)
        self.board = board
        self.locked = False
        self.quitting = False
        self.on_quit: Callable[[], None] | None = None  # the app quits: let windows close
        self.on_activity = on_activity
        self.on_answer_key = on_answer_key
        self.on_confirm_key: Callable[[], None] | None = None  # Enter: "that's my answer"
        self._pressed_at: tuple[int, float] | None = None  # the press that is down
        app = QApplication.instance()
        app.installEventFilter(self)
        # A Python filter must not see the events of widgets being torn down at exit.
        app.aboutToQuit.connect(self.remove)

    def remove(self) -> None:
        """Stop filtering (the kiosk screen is going away)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def _board_active(self) -> bool:
        active = QApplication.activeWindow()
        return self.board.isVisible() and (
            self.locked or active is None or self.board.window() is active
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Swallow the ways out while locked; count activity; first finger only."""
        kind = event.type()
        if kind == QEvent.Type.Quit:
            # The app itself is quitting (SIGTERM at shutdown): let its windows close. A
            # child cannot cause this; Ctrl+Q and the close button are swallowed below.
            self.quitting = True
            if self.on_quit is not None:
                self.on_quit()
        if self.locked and not self.quitting:
            if kind == QEvent.Type.Close:
                event.ignore()
                return True
            if kind == QEvent.Type.ContextMenu:
                return True
            if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and _is_blocked_key(
                event
            ):  # type: ignore[arg-type]
                return True
        if not self._board_active():
            return False
        if kind in _ACTIVITY:
            self.on_activity()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            if not isinstance(watched, QWidget):
                return False  # the window's copy of the press; its widget gets it next
            down = self._pressed_at
            if (
                down is not None
                and event.timestamp() != down[0]
                and time.monotonic() - down[1] < STUCK_PRESS_S
            ):
                return True  # a second finger (or a second mouse) while one is down
            # The same press (same time stamp) may reach parent widgets too.
            self._pressed_at = (event.timestamp(), time.monotonic())
        elif kind == QEvent.Type.MouseButtonRelease and isinstance(watched, QWidget):
            self._pressed_at = None
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = Qt.Key(event.key())
            index = ANSWER_KEYS.get(key)
            confirm = key in CONFIRM_KEYS and self.on_confirm_key is not None
            if (
                (index is not None or confirm)
                and not event.isAutoRepeat()
                and not (
                    event.modifiers()
                    & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
                )
            ):
                focus = QApplication.focusWidget()
                if focus is None or focus.metaObject().className() != "QLineEdit":
                    if index is not None:
                        self.on_answer_key(index)
                    elif self.on_confirm_key is not None:
                        self.on_confirm_key()
                    return True
        return False


class KioskWindow(QWidget):
    """Frameless, always on top, full screen; closing it is ignored while locked."""

    def __init__(self, owner: QWidget | None = None) -> None:
        super().__init__(
            owner,
            Qt.WindowType.Window
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("kioskWindow")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.locked = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Only an unlocked kiosk window may close."""
        if self.locked:
            event.ignore()
        else:
            event.accept()


class HiddenCorner(QWidget):
    """An invisible square in a corner of the board; a long press emits ``long_pressed``."""

    long_pressed = Signal()

    def __init__(self, parent: QWidget, size: int = 72) -> None:
        super().__init__(parent)
        self.setObjectName("hiddenCorner")
        self.setFixedSize(size, size)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(LONG_PRESS_MS)
        self._timer.timeout.connect(self.long_pressed)
        parent.installEventFilter(self)
        self.place()

    def place(self) -> None:
        """Keep to the top-right corner of the parent."""
        parent = self.parentWidget()
        self.move(parent.width() - self.width(), 0)
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the parent's size."""
        if event.type() == QEvent.Type.Resize:
            self.place()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Start timing the press."""
        self._timer.start()
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A short press does nothing."""
        self._timer.stop()
        event.accept()
