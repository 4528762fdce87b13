"""Saving the live energy session: the chart as PNG, every reading as CSV (in a worker),
and minutes into the event's database for the KPI report.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from mscd_desktop.core.energy.energy_minutes import EnergyRecorder
from mscd_desktop.core.energy.session import LiveSession
from mscd_desktop.core.energy.sources import Reading
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.store import Store
from mscd_desktop.gui.common.workers import TaskHandle, run_task
from mscd_desktop.i18n import _


def save_png(widget: QWidget, path: str | Path) -> tuple[bool, str]:
    """Save *widget* as the visitors see it; (ok, message for the status line)."""
    ok = widget.grab().save(str(path), "PNG")
    if ok:
        return True, _("Chart saved to {path}.").format(path=path)
    return False, _("The chart could not be saved to {path}.").format(path=path)


def export_csv(
    session: LiveSession,
    path: str | Path,
    say: Callable[[str], None],
    on_done: Callable[[int], None] | None = None,
) -> TaskHandle:
    """Copy the session now, write it to *path* off the GUI thread; *say* reports progress."""
    snapshot = session.snapshot()
    say(_("Exporting {n} readings…").format(n=snapshot.total_rows))

    def done(rows: int) -> None:
        say(_("{n} readings exported to {path}.").format(n=rows, path=path))
        if on_done is not None:
            on_done(rows)

    def failed(exc: BaseException) -> None:
        say(_("The export failed: {error}").format(error=exc))

    def progress(done_rows: int, total: int, _text: str) -> None:
        say(_("Exporting… {done} of {total} readings").format(done=done_rows, total=total))

    return run_task(
        lambda report, cancelled: snapshot.write_csv(path, report, cancelled),
        on_done=done,
        on_error=failed,
        on_progress=progress,
    )


class MinuteRecording:
    """Readings into ``energy_minutes`` of one event; a store error stops it and is said."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.recorder: EnergyRecorder | None = None

    def start(self, store: Store, event_id: str) -> None:
        """Record into *event_id* from now on (after :meth:`stop` of any earlier one)."""
        self.stop()
        self.recorder = EnergyRecorder(store, event_id)

    def record(self, readings: list[Reading]) -> None:
        """A session sink: aggregate *readings*; finished minutes are written."""
        if self.recorder is None:
            return
        try:
            self.recorder.record(readings)
        except MscdError as exc:  # e.g. the event was deleted: keep drawing, stop recording
            self.recorder = None
            self.say(str(exc))

    def stop(self) -> None:
        """Write the minute still open and stop."""
        recorder, self.recorder = self.recorder, None
        if recorder is not None:
            try:
                recorder.close()
            except MscdError as exc:
                self.say(str(exc))
