"""What every screen shares: the store, the data folder, the current event and the live feed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from mscd_desktop.core import events as ev
from mscd_desktop.core.energy.feed import FeedUpdate, LiveFeed
from mscd_desktop.core.energy.source_choice import SIMULATOR, SourceChoice, load_choice
from mscd_desktop.core.energy.sources import EnergySource
from mscd_desktop.core.store import Store
from mscd_desktop.gui.common.sync_runner import SyncRunner

FEED_FRAME_MS = 33
"""The live feed is pumped about 30 times a second: the chart follows at that rate."""


class AppContext(QObject):
    """The open store, the current event and the one live energy feed; screens listen to
    its signals.

    The feed (:class:`~mscd_desktop.core.energy.feed.LiveFeed`) lives here, not in a
    screen: one timer pumps it whichever screen is showing, the Live energy screen and the
    kiosk only read from it, and a window rebuilt for another language finds it as it was.
    """

    event_changed = Signal(object)  # the current Event, or None
    backup_taken = Signal(object)  # a core.backups.Backup
    backup_failed = Signal(str)  # why a backup could not be taken
    status_message_requested = Signal(str)
    screen_requested = Signal(str, object)  # screen key, what to show there (e.g. an event id)
    feed_source_changed = Signal()  # the feed reads from another source now
    feed_pumped = Signal(object)  # a core.energy.feed.FeedUpdate, ~30 times a second

    def __init__(self, store: Store, data_dir: Path) -> None:
        super().__init__()
        self.store = store
        self.data_dir = Path(data_dir)
        self.event: ev.Event | None = ev.current_event(store)
        self.feed = LiveFeed(store)
        self.feed.record_into(self.event.id if self.event else None)
        # No parent: ``self.event`` (the current event) hides QObject.event(), so this
        # object must never receive Qt events, such as a child's ChildAdded.
        self.feed_timer = QTimer()
        self.feed_timer.setInterval(FEED_FRAME_MS)
        self.feed_timer.timeout.connect(self.pump_feed)
        self.sync = SyncRunner(store, self.data_dir)  # its schedule starts with the app

    def set_event(self, event: ev.Event | None) -> None:
        """Make *event* current (None: no event open) and tell every screen."""
        if event is not None:
            event = ev.open_event(self.store, event.id)
        self.event = event
        self.feed.record_into(event.id if event else None)  # energy minutes follow the event
        self.event_changed.emit(event)

    def refresh_event(self) -> None:
        """Re-read the current event after it was edited."""
        if self.event is not None:
            self.event = ev.get_event(self.store, self.event.id)
            self.event_changed.emit(self.event)

    # -- the live feed --------------------------------------------------------------------
    def start_feed(self) -> bool:
        """Start the remembered energy source unless one runs; False (the reason in
        ``feed.last_error``) when it cannot start."""
        if self.feed.running:
            self.feed_timer.start()
            return True
        if not self.feed.ensure_started():
            self.status_message_requested.emit(self.feed.last_error)
            return False
        self.feed_timer.start()
        self.feed_source_changed.emit()
        return True

    def start_real_feed(self) -> None:
        """Start the remembered source now if it is a real meter (not the simulator), so
        its minutes reach the event whichever screen is showing."""
        if load_choice(self.store).kind != SIMULATOR:
            self.start_feed()

    def change_feed_source(self, choice: SourceChoice, source: EnergySource | None = None) -> None:
        """Read from *choice* (or the ready *source*); raises MscdError, with the old source
        still running, when the new one cannot start."""
        self.feed.start(choice, source)
        self.feed_timer.start()
        self.feed_source_changed.emit()

    def pump_feed(self, now: float | None = None) -> FeedUpdate:
        """One frame of the feed (the timer's job; tests call it to drive frames)."""
        update = self.feed.pump(now)
        self.feed_pumped.emit(update)
        return update

    def shutdown(self) -> None:
        """The app quits: stop the feed (its open minute is written)."""
        self.feed_timer.stop()
        self.feed.stop()
        self.sync.shutdown()
