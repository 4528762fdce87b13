"""The day's screens, declared as data: the main window builds its navigation from this.

Each screen's class comes from a small function that imports it by name, so that a screen's
module is imported only when the screen is first shown (the Live energy screen alone brings
pyqtgraph and numpy, half a second of start-up), while import-linter, the type checker and
an editor's rename still follow every import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.i18n import N_


@dataclass(frozen=True)
class ScreenSpec:
    """A screen of the main window; ``load_class()`` imports and returns its Screen subclass."""

    key: str
    title: str  # marked with N_(), translated when shown
    icon: str  # file name in resources/icons
    load_class: Callable[[], type[Screen]]
    needs_event: bool = True  # disabled while no event is open


def _event_screen() -> type[Screen]:
    from mscd_desktop.gui.event.event_screen import EventScreen

    return EventScreen


def _checkin_screen() -> type[Screen]:
    from mscd_desktop.gui.checkin.checkin_screen import CheckInScreen

    return CheckInScreen


def _quiz_setup_screen() -> type[Screen]:
    from mscd_desktop.gui.quiz_setup.quiz_organiser_screen import QuizOrganiserScreen

    return QuizOrganiserScreen


def _kiosk_screen() -> type[Screen]:
    from mscd_desktop.gui.kiosk.kiosk_screen import KioskScreen

    return KioskScreen


def _live_energy_screen() -> type[Screen]:
    from mscd_desktop.gui.energy.live_energy_screen import LiveEnergyScreen

    return LiveEnergyScreen


def _reports_screen() -> type[Screen]:
    from mscd_desktop.gui.reports.reports_screen import ReportsScreen

    return ReportsScreen


def _sync_screen() -> type[Screen]:
    from mscd_desktop.gui.sync.sync_screen import SyncScreen

    return SyncScreen


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec("event", N_("Event"), "event.svg", _event_screen, needs_event=False),
    ScreenSpec("checkin", N_("Check-in"), "checkin.svg", _checkin_screen),
    ScreenSpec("quiz_organiser", N_("Quiz set-up"), "quiz.svg", _quiz_setup_screen),
    ScreenSpec("kiosk", N_("Kiosk"), "kiosk.svg", _kiosk_screen),
    ScreenSpec("energy", N_("Live energy"), "energy.svg", _live_energy_screen, needs_event=False),
    ScreenSpec("reports", N_("Reports"), "reports.svg", _reports_screen, needs_event=False),
    ScreenSpec("sync", N_("Sync"), "sync.svg", _sync_screen, needs_event=False),
)
