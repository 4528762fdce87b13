"""The day's screens, declared as data: the main window builds its navigation from this."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from mscd_desktop.i18n import N_


@dataclass(frozen=True)
class ScreenSpec:
    """A screen of the main window: ``target`` is ``"module:Class"`` (a Screen subclass)."""

    key: str
    title: str  # marked with N_(), translated when shown
    icon: str  # file name in resources/icons
    target: str
    needs_event: bool = True  # disabled while no event is open

    def load_class(self) -> type:
        """Import the screen's class."""
        module_name, class_name = self.target.split(":")
        return getattr(importlib.import_module(module_name), class_name)


SCREENS: tuple[ScreenSpec, ...] = (
    ScreenSpec(
        "event",
        N_("Event"),
        "event.svg",
        "mscd_desktop.gui.event_screen:EventScreen",
        needs_event=False,
    ),
    ScreenSpec(
        "checkin", N_("Check-in"), "checkin.svg", "mscd_desktop.gui.checkin_screen:CheckInScreen"
    ),
    ScreenSpec(
        "quiz_organiser",
        N_("Quiz set-up"),
        "quiz.svg",
        "mscd_desktop.gui.quiz_organiser_screen:QuizOrganiserScreen",
    ),
    ScreenSpec("kiosk", N_("Kiosk"), "kiosk.svg", "mscd_desktop.gui.kiosk_screen:KioskScreen"),
    ScreenSpec(
        "energy",
        N_("Live energy"),
        "energy.svg",
        "mscd_desktop.gui.live_energy_screen:LiveEnergyScreen",
        needs_event=False,
    ),
)
