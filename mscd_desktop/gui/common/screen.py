"""The base of every screen: a widget with a Designer form and the app context."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from mscd_desktop.core.events import Event
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.forms import load_form


class Screen(QWidget):
    """One screen of the main window. Subclasses load their form in ``__init__``."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        context.event_changed.connect(self.on_event_changed)

    def load_form(self, name: str) -> QWidget:
        """Load ``ui/<name>.ui`` (``"<screen folder>/<form>"``) into this screen and return it."""
        form = load_form(name, self)
        self._layout.addWidget(form)
        return form

    def on_event_changed(self, event: Event | None) -> None:
        """The current event changed (or was edited); refresh what depends on it."""

    def on_shown(self) -> None:
        """The screen was navigated to."""

    def can_leave(self) -> bool:
        """Whether the organiser may leave this screen now (another screen, closing the
        window, another language). A screen with unsaved input asks here whether to save
        it, discard it or stay; False means stay."""
        return True

    def on_requested(self, argument: object) -> None:
        """Another screen sent the organiser here to show *argument* (see
        ``AppContext.screen_requested``)."""

    def shutdown(self) -> None:
        """The window closes: stop timers, sources and workers."""
