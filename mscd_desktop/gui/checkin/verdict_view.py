"""How a check-in verdict looks and sounds: colour, icon, big text, and a short cue.

Colours pair with an icon and words, so nobody has to tell red from green; text is sized
to be read from two metres. Sounds are QSoundEffects preloaded once (low latency).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QSize, QUrl
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QLabel, QWidget

from mscd_desktop.core.outcomes import Outcome
from mscd_desktop.core.verdicts import Verdict
from mscd_desktop.i18n import _
from mscd_desktop.paths import resources_dir


@dataclass(frozen=True)
class Look:
    """Background, text colour, icon glyph and sound name of one verdict status."""

    background: str
    foreground: str
    icon: str
    sound: str | None


READY = Look("#eef3f1", "#0b3d2e", "▣", None)
MIN_TITLE_PIXELS = 18
SHRINK_TO_FIT = 0.5  # a title shrinks this far to stay on one line; a long name then wraps
LOOKS: dict[Outcome, Look] = {
    Outcome.VALID: Look("#1b7f3b", "#ffffff", "✔", "checkin_ok"),
    Outcome.CHECKED_OUT: Look("#0b5394", "#ffffff", "➜", "checkin_ok"),
    Outcome.ALREADY: Look("#f2b705", "#1a1a1a", "⚠", "checkin_warn"),
    Outcome.JUST_SCANNED: Look("#dfe6e3", "#3c4a44", "↻", None),
    Outcome.MISREAD: Look("#ffd966", "#1a1a1a", "?", "checkin_warn"),
    Outcome.UNREADABLE: Look("#b00020", "#ffffff", "✖", "checkin_refused"),
    Outcome.NOT_INSIDE: Look("#f2b705", "#1a1a1a", "⚠", "checkin_warn"),
    Outcome.OTHER_EVENT: Look("#6a1b9a", "#ffffff", "⇄", "checkin_refused"),
    Outcome.OUTSIDE_VALIDITY: Look("#8e4b10", "#ffffff", "◷", "checkin_refused"),
    Outcome.CANCELLED: Look("#7f0000", "#ffffff", "⊘", "checkin_refused"),
    Outcome.FORGED: Look("#b00020", "#ffffff", "✖", "checkin_refused"),
    Outcome.EVENT_CLOSED: Look("#37474f", "#ffffff", "⊖", "checkin_refused"),
    Outcome.LOCKED_OUT: Look("#4a148c", "#ffffff", "‖", "checkin_refused"),
}


class SoundCues:
    """The three short sounds of the desk, loaded once; silent where audio is missing."""

    def __init__(self, parent: QWidget) -> None:
        self._effects: dict[str, object] = {}
        try:
            from PySide6.QtMultimedia import QSoundEffect
        except ImportError:  # pragma: no cover - no QtMultimedia on this machine
            return
        for name in ("checkin_ok", "checkin_warn", "checkin_refused"):
            effect = QSoundEffect(parent)
            effect.setSource(QUrl.fromLocalFile(str(resources_dir() / "sounds" / f"{name}.wav")))
            effect.setVolume(0.8)
            self._effects[name] = effect
        self.last_played: str | None = None

    def play(self, name: str | None) -> None:
        """Play cue *name* (None: stay silent), cutting off the previous one."""
        self.last_played = name
        effect = self._effects.get(name or "")
        if effect is not None:
            effect.stop()
            effect.play()


def detail_line(verdict: Verdict) -> str:
    """Audience, organisation and class of the person, for the line under the message."""
    parts = []
    if verdict.attendee is not None and verdict.title() != verdict.attendee.name:
        parts.append(verdict.attendee.name)  # e.g. "Already checked in": say who
    if verdict.audience:
        parts.append(verdict.audience)
    if verdict.attendee is not None and verdict.attendee.organisation:
        parts.append(verdict.attendee.organisation)
    if verdict.group and verdict.attendee is not None:
        parts.append(_("Class {group}").format(group=verdict.group))
    return " · ".join(parts)


class VerdictPanel(QObject):
    """The big coloured panel of the desk: shows a look with its title, message and detail,
    sized to the panel and painted at once. The title shrinks to stay on one line ("Already
    checked in" never breaks), the labels never widen the panel, and what is shown is
    painted again, unchanged, when the panel changes size."""

    def __init__(
        self, frame: QWidget, icon: QLabel, title: QLabel, message: QLabel, detail: QLabel
    ) -> None:
        super().__init__(frame)
        self.frame, self.icon, self.title, self.message, self.detail = (
            frame,
            icon,
            title,
            message,
            detail,
        )
        self.shown: tuple[Look, str, str, str] = (READY, "", "", "")
        self._painted_size = QSize()
        frame.installEventFilter(self)

    def show(self, look: Look, title: str, message: str, detail: str) -> None:
        """Paint *look* with these words now (before the next event is handled)."""
        self.shown = (look, title, message, detail)
        self._apply()
        self.frame.repaint()

    def set_detail(self, text: str) -> None:
        """Change only the line under the message (e.g. "ignored" for a repeat)."""
        look, title, message, _detail = self.shown
        self.shown = (look, title, message, text)
        self.detail.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Size the text again when the panel grows or shrinks."""
        if event.type() == QEvent.Type.Resize and self.frame.size() != self._painted_size:
            self._apply()
        return False

    def title_pixels(self, text: str, wanted: int) -> int:
        """The largest size up to *wanted* px at which *text* fits the panel on one line;
        a text too long even at half that size (a long name) wraps at half size."""
        margins = self.frame.layout().contentsMargins()
        room = self.frame.contentsRect().width() - margins.left() - margins.right() - 8
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPixelSize(wanted)
        width = QFontMetrics(font).horizontalAdvance(text)
        if width <= room or width == 0:
            return wanted
        return max(MIN_TITLE_PIXELS, int(wanted * SHRINK_TO_FIT), int(wanted * room / width))

    def _apply(self) -> None:
        look, title, message, detail = self.shown
        self._painted_size = self.frame.size()
        self.frame.setStyleSheet(
            f"QFrame#verdictFrame {{ background: {look.background}; border-radius: 12px; }}"
            f"QFrame#verdictFrame QLabel {{ color: {look.foreground}; background: transparent; }}"
        )
        scale = max(self.frame.height(), 320)
        for label, size, text in (
            (self.icon, int(scale * 0.22), look.icon),
            (self.title, self.title_pixels(title, int(scale * 0.12)), title),
            (self.message, int(scale * 0.055), message),
            (self.detail, int(scale * 0.045), detail),
        ):
            label.setText(text)
            weight = "bold" if label is self.title else "normal"
            label.setStyleSheet(f"font-size: {size}px; font-weight: {weight};")
