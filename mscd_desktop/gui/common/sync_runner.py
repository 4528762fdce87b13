"""Sync in the background for the whole app: "Sync now", and automatic retries.

One :class:`SyncRunner` lives in the app context, whichever screen shows. A timer looks
every half minute whether an automatic sync is due (enrolled, something to send, the
backoff wait over: :func:`mscd_desktop.core.sync.status.automatic_sync_due`); "Sync now"
starts one at once. Pushes run on the thread pool with progress and cancel; the core's
sync lock keeps a second push (say, ``mscd sync push`` in a terminal) from running beside.
At start-up it also removes children's names the hub confirmed long enough ago.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import push, status
from mscd_desktop.core.sync.purge import purge_children_data
from mscd_desktop.gui.common.workers import TaskHandle, run_task
from mscd_desktop.i18n import _

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 30_000
PURGE_AFTER_START_MS = 5_000


class SyncRunner(QObject):
    """Runs pushes off the GUI thread and says what happened through its signals."""

    sync_started = Signal()
    sync_progressed = Signal(int, int)  # records answered, records to send
    sync_finished = Signal(object)  # a core.sync.push.PushReport
    sync_failed = Signal(str)  # a sentence: not enrolled, another sync runs, …
    status_changed = Signal()  # the backlog or the settings changed

    def __init__(self, store: Store, data_dir: Path) -> None:
        super().__init__()
        self.store = store
        self.data_dir = Path(data_dir)
        self._task: TaskHandle | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    @property
    def running(self) -> bool:
        """Whether a push of this app runs now."""
        return self._task is not None

    def start_schedule(self) -> None:
        """Start the automatic retries (and, a moment later, the purge of old names)."""
        self._timer.start()
        QTimer.singleShot(PURGE_AFTER_START_MS, self.purge_in_background)

    def shutdown(self) -> None:
        """The app quits: no new sync; a running one stops after its current batch."""
        self._timer.stop()
        self.cancel()

    def sync_now(self) -> bool:
        """Start a push now (False when one of this app already runs)."""
        if self._task is not None:
            return False
        self._task = run_task(
            lambda progress, cancelled: push.push(
                self.store, self.data_dir, progress=progress, is_cancelled=cancelled
            ),
            on_done=self._on_push_done,
            on_error=self._on_push_error,
            on_progress=lambda done, total, _text: self.sync_progressed.emit(done, total),
        )
        self.sync_started.emit()
        return True

    def cancel(self) -> None:
        """Ask the running push to stop after the batch in flight."""
        if self._task is not None:
            self._task.cancel()

    def purge_in_background(self) -> None:
        """Remove children's names the hub confirmed long enough ago (off the GUI thread)."""

        def purge(_progress: object, _cancelled: object) -> object:
            try:
                return purge_children_data(self.store)
            except sqlite3.ProgrammingError:  # the store was closed meanwhile
                return None

        run_task(
            purge,
            on_done=lambda report: self.status_changed.emit(),
            on_error=lambda exc: log.warning("purging children's names failed: %s", exc),
        )

    def _on_timer_timeout(self) -> None:
        try:
            due = self._task is None and status.automatic_sync_due(self.store)
        except sqlite3.ProgrammingError:  # the store was closed: the app is ending
            self._timer.stop()
            return
        if due:
            self.sync_now()

    def _on_push_done(self, report: push.PushReport) -> None:
        self._task = None
        self.sync_finished.emit(report)
        self.status_changed.emit()

    def _on_push_error(self, exc: BaseException) -> None:
        self._task = None
        if isinstance(exc, MscdError):
            self.sync_failed.emit(str(exc))
        else:
            log.error("sync failed", exc_info=exc)
            self.sync_failed.emit(
                _("The sync stopped on an unexpected error: {error}").format(error=exc)
            )
        self.status_changed.emit()
