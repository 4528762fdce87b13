"""Tell a USB barcode scanner from a person typing, whatever widget has focus.

A scanner is a keyboard that types a whole code within a few tens of milliseconds and
usually ends it with Enter or Tab (some send nothing and just stop). Installed on the
application, :class:`ScanKeyFilter` holds back printable keys for a moment: a fast burst
of at least ``min_length`` characters ended by Enter, Tab or a pause is a scan
(``scanned`` is emitted; nothing reaches the focused widget); anything slower is handed,
unchanged and in order, to the widget it was meant for. So a scan lands even while the
search box or a dialog has focus, and two quick scans never run together.
"""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

ENDS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)
MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_CapsLock,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Meta,
)
COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


class ScanKeyFilter(QObject):
    """Application-wide key filter that turns scanner bursts into ``scanned(text)``."""

    scanned = Signal(str)

    def __init__(
        self, parent: QObject | None = None, *, gap_ms: int = 60, min_length: int = 8
    ) -> None:
        super().__init__(parent)
        self.gap_ms = gap_ms
        self.min_length = min_length
        self._held: list[tuple[QWidget, int, Qt.KeyboardModifier, str]] = []
        self._last = 0.0
        self._last_stamp = 0  # the window system's time of the last held key (ms), 0: unknown
        self._waited_once = False
        self._replaying = False
        self._installed = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)

    def install(self) -> None:
        """Start watching every key the application receives."""
        if not self._installed:
            QApplication.instance().installEventFilter(self)
            self._installed = True

    def uninstall(self) -> None:
        """Stop watching (held keys are handed on first)."""
        if self._installed:
            QApplication.instance().removeEventFilter(self)
            self._installed = False
        self._finish(allow_scan=False)

    @property
    def installed(self) -> bool:
        """Whether the filter is watching keys now."""
        return self._installed

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hold, pass on or swallow one key press."""
        if (
            self._replaying
            or event.type() != QEvent.Type.KeyPress
            or not isinstance(watched, QWidget)
        ):
            return False
        key, modifiers, text = event.key(), event.modifiers(), event.text()
        now, stamp = time.monotonic(), event.timestamp()
        if self._held and self._gap_ms(now, stamp) > self.gap_ms:
            self._finish(allow_scan=True)  # a pause ended the previous burst
        if key in MODIFIER_KEYS:
            return bool(self._held)  # Shift inside a burst (AZERTY digits) is part of it
        if key in ENDS:
            return bool(self._held and self._finish(allow_scan=True))
        printable = (
            bool(text)
            and text.isprintable()
            and not event.isAutoRepeat()
            and not (modifiers & COMMAND_MODIFIERS)
        )
        if not printable:
            self._finish(allow_scan=False)
            return False
        self._held.append((watched, key, modifiers, text))
        self._last, self._last_stamp = now, stamp
        self._waited_once = False
        self._timer.start(self.gap_ms)
        return True

    def _gap_ms(self, now: float, stamp: int) -> float:
        """Time since the previous key. When the window system's time stamps say the keys
        came close together, they did, even if the GUI thread handled them late (busy for a
        moment): a scan is then not cut in two."""
        gap = (now - self._last) * 1000
        if stamp and self._last_stamp and 0 <= stamp - self._last_stamp < gap:
            return float(stamp - self._last_stamp)
        return gap

    def _on_timer_timeout(self) -> None:
        late_ms = (time.monotonic() - self._last) * 1000 - self.gap_ms
        if late_ms > self.gap_ms and not self._waited_once:
            # The GUI thread was busy: the rest of the scan may be queued behind this timer.
            # Give it one more gap to arrive before calling the burst ended.
            self._waited_once = True
            self._timer.start(self.gap_ms)
            return
        self._finish(allow_scan=True)

    def _finish(self, *, allow_scan: bool) -> bool:
        """End the current burst: emit it as a scan if it is one, else hand the keys on."""
        self._timer.stop()
        held, self._held = self._held, []
        if not held:
            return False
        if allow_scan and len(held) >= self.min_length:
            self.scanned.emit("".join(text for _w, _k, _m, text in held))
            return True
        self._replaying = True
        try:
            for widget, key, modifiers, text in held:
                if shiboken6.isValid(widget):
                    QApplication.sendEvent(
                        widget, QKeyEvent(QEvent.Type.KeyPress, key, modifiers, text)
                    )
                    QApplication.sendEvent(
                        widget, QKeyEvent(QEvent.Type.KeyRelease, key, modifiers, text)
                    )
        finally:
            self._replaying = False
        return False
