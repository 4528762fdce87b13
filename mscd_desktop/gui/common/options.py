"""Every GUI setting, declared once with its type and default (stored with QSettings)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from mscd_desktop import APP_NAME, ORGANISATION


@dataclass(frozen=True)
class Option:
    """One setting."""

    key: str
    type: type
    default: Any


LANGUAGE = Option("ui/language", str, "")  # "" follows the system locale
WINDOW_GEOMETRY = Option("window/geometry", QByteArray, QByteArray())
WINDOW_STATE = Option("window/state", QByteArray, QByteArray())
LAST_SCREEN = Option("window/last_screen", str, "event")
DESK_NAME = Option("checkin/desk", str, "A")  # this laptop's desk: "first at 10:42, desk B"
# Start the live energy source a moment after the kiosk shows, so its live-meter questions
# have readings even on a laptop where nobody opens the Live energy screen.
START_LIVE_SOURCE = Option("energy/start_with_app", bool, True)


def settings() -> QSettings:
    """The app's settings store (an INI file in the user's config folder on every OS, so
    an organiser can copy it, and tests can redirect it with ``QSettings.setPath``)."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APP_NAME)


def get(option: Option) -> Any:
    """The stored value of *option*, or its default."""
    value = settings().value(option.key, option.default)
    if value is None:
        return option.default
    if option.type is QByteArray:
        return value if isinstance(value, QByteArray) else QByteArray(value)
    if option.type is bool and isinstance(value, str):
        return value.lower() in {"1", "true", "yes"}
    try:
        return option.type(value)
    except (TypeError, ValueError):
        return option.default


def put(option: Option, value: Any) -> None:
    """Store *value* for *option*."""
    store = settings()
    store.setValue(option.key, value)
    store.sync()
