"""How a check-in verdict looks and sounds: colour, icon, big text, and a short cue.

Colours pair with an icon and words, so nobody has to tell red from green; text is sized
to be read from two metres. Sounds are QSoundEffects preloaded once (low latency).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QWidget

from mscd_desktop.core import verdicts as vd
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


LOOKS: dict[str, Look] = {
    "ready": Look("#eef3f1", "#0b3d2e", "▣", None),
    vd.VALID: Look("#1b7f3b", "#ffffff", "✔", "checkin_ok"),
    vd.CHECKED_OUT: Look("#0b5394", "#ffffff", "➜", "checkin_ok"),
    vd.ALREADY: Look("#f2b705", "#1a1a1a", "⚠", "checkin_warn"),
    vd.JUST_SCANNED: Look("#dfe6e3", "#3c4a44", "↻", None),
    vd.MISREAD: Look("#ffd966", "#1a1a1a", "?", "checkin_warn"),
    vd.NOT_INSIDE: Look("#f2b705", "#1a1a1a", "⚠", "checkin_warn"),
    vd.OTHER_EVENT: Look("#6a1b9a", "#ffffff", "⇄", "checkin_refused"),
    vd.OUTSIDE_VALIDITY: Look("#8e4b10", "#ffffff", "⌚", "checkin_refused"),
    vd.CANCELLED: Look("#7f0000", "#ffffff", "⊘", "checkin_refused"),
    vd.FORGED: Look("#b00020", "#ffffff", "✖", "checkin_refused"),
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


def paint(frame: QWidget, look: Look, height: int) -> dict[str, str]:
    """Colour *frame* and return font sizes (px) for icon, title and message."""
    frame.setStyleSheet(
        f"QFrame#verdictFrame {{ background: {look.background}; border-radius: 12px; }}"
        f"QFrame#verdictFrame QLabel {{ color: {look.foreground}; background: transparent; }}"
    )
    scale = max(height, 320)
    return {
        "icon": f"{int(scale * 0.22)}px",
        "title": f"{int(scale * 0.12)}px",
        "message": f"{int(scale * 0.055)}px",
        "detail": f"{int(scale * 0.045)}px",
    }
