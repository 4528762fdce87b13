"""What every screen shares: the store, the data folder and the current event."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from mscd_desktop.core import events as ev
from mscd_desktop.core.store import Store


class AppContext(QObject):
    """The open store and the current event; screens listen to its signals."""

    event_changed = Signal(object)  # the current Event, or None
    backup_taken = Signal(object)  # a core.backups.Backup
    status_message_requested = Signal(str)

    def __init__(self, store: Store, data_dir: Path) -> None:
        super().__init__()
        self.store = store
        self.data_dir = Path(data_dir)
        self.event: ev.Event | None = ev.current_event(store)

    def set_event(self, event: ev.Event | None) -> None:
        """Make *event* current (None: no event open) and tell every screen."""
        if event is not None:
            event = ev.open_event(self.store, event.id)
        self.event = event
        self.event_changed.emit(event)

    def refresh_event(self) -> None:
        """Re-read the current event after it was edited."""
        if self.event is not None:
            self.event = ev.get_event(self.store, self.event.id)
            self.event_changed.emit(self.event)
