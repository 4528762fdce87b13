"""Tell a USB barcode scanner from a person typing, whatever widget has focus.

A scanner is a keyboard that types a whole code within a few tens of milliseconds and
usually ends it with Enter or Tab (some send nothing and just stop). Installed on the
application, :class:`ScanKeyFilter` holds back printable keys for a moment: a fast burst
of at least ``min_length`` characters ended by Enter, Tab or a pause is a scan
(``scanned`` is emitted; nothing reaches the focused widget); anything slower is handed,
unchanged and in order, to the widget it was meant for. So a scan lands even while the
search box or a dialog has focus, and two quick scans never run together.

No key of a scan may be lost on the way:

- Qt's X11 backend calls a key *auto-repeated* when its release and the next press of the
  same key share a millisecond, which a fast scanner typing "00" does now and then. Such
  keys stay in the burst; a burst of one character repeated is a held-down key, not a scan.
- A pause in the middle of a code (the window system stalled for a moment) does not cut
  the scan in two: while the burst so far could be the start of a ticket code, the filter
  waits up to ``split_ms`` for the rest (``ticket_codes.may_be_cut_short``).
"""

from __future__ import annotations

import itertools
import time

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from mscd_desktop.core import ticket_codes

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
        self,
        parent: QObject | None = None,
        *,
        gap_ms: int = 60,
        min_length: int = 8,
        split_ms: int = 500,
    ) -> None:
        super().__init__(parent)
        self.gap_ms = gap_ms
        self.min_length = min_length
        self.split_ms = split_ms
        self._held: list[tuple[QWidget, int, Qt.KeyboardModifier, str]] = []
        self._pieces: list[int] = []  # where the burst paused mid-code (indexes into _held)
        self._repeats = 0  # keys of the burst Qt marked as auto-repeated
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
        if self._held:
            gap = self._gap_ms(now, stamp)
            if gap > self.gap_ms:
                if gap <= self.split_ms and self._cut_short():
                    self._pieces.append(len(self._held))  # the rest of the code arrives
                else:
                    self._finish(allow_scan=True)  # a pause ended the previous burst
        if key in MODIFIER_KEYS:
            return bool(self._held)  # Shift inside a burst (AZERTY digits) is part of it
        if key in ENDS:
            return bool(self._held and self._finish(allow_scan=True))
        repeated = event.isAutoRepeat()
        printable = (
            bool(text)
            and text.isprintable()
            and not (repeated and not self._held)  # a held-down key never starts a burst
            and not (modifiers & COMMAND_MODIFIERS)
        )
        if not printable:
            self._finish(allow_scan=False)
            return False
        self._held.append((watched, key, modifiers, text))
        self._repeats += repeated
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
        since_ms = (time.monotonic() - self._last) * 1000
        if since_ms - self.gap_ms > self.gap_ms and not self._waited_once:
            # The GUI thread was busy: the rest of the scan may be queued behind this timer.
            # Give it one more gap to arrive before calling the burst ended.
            self._waited_once = True
            self._timer.start(self.gap_ms)
            return
        if since_ms < self.split_ms and self._cut_short():
            self._timer.start(max(1, round(self.split_ms - since_ms)))  # wait for the rest
            return
        self._finish(allow_scan=True)

    def _text(self, start: int = 0, end: int | None = None) -> str:
        return "".join(text for _w, _k, _m, text in self._held[start:end])

    def _is_scan(self, held: list) -> bool:
        return len(held) >= self.min_length and not (
            self._repeats and len({text for _w, _k, _m, text in held}) == 1
        )

    def _cut_short(self) -> bool:
        """Whether the burst so far looks like the first part of a code still arriving."""
        return self._is_scan(self._held) and ticket_codes.may_be_cut_short(self._text())

    def _finish(self, *, allow_scan: bool) -> bool:
        """End the current burst: emit it as a scan if it is one, else hand the keys on."""
        self._timer.stop()
        held = self._held
        if not held:
            return False
        if allow_scan and self._is_scan(held):
            whole = self._text()
            bounds = [0, *self._pieces, len(held)]
            self._held, self._pieces, self._repeats = [], [], 0
            if len(bounds) > 2 and not ticket_codes.is_whole_code(whole):
                # The pause was a real one between two scans after all: one verdict each.
                for start, end in itertools.pairwise(bounds):
                    self.scanned.emit("".join(t for _w, _k, _m, t in held[start:end]))
            else:
                self.scanned.emit(whole)
            return True
        self._held, self._pieces, self._repeats = [], [], 0
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
