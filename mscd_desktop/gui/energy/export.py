"""Saving the live energy session: the chart as PNG, every reading as CSV (in a worker)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from mscd_desktop.core.energy.session import SessionSnapshot
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.gui.common.workers import TaskHandle, run_task
from mscd_desktop.i18n import _, ngettext


def save_png(widget: QWidget, path: str | Path) -> tuple[bool, str]:
    """Save *widget* as the visitors see it; (ok, message for the status line)."""
    ok = widget.grab().save(str(path), "PNG")
    if ok:
        return True, _("Chart saved to {path}.").format(path=path)
    return False, _("The chart could not be saved to {path}.").format(path=path)


def export_csv(
    snapshot: SessionSnapshot,
    path: str | Path,
    say: Callable[[str], None],
    on_done: Callable[[int], None] | None = None,
) -> TaskHandle:
    """Write *snapshot* (the session copied now) to *path* off the GUI thread; *say*
    reports progress."""
    number = current_formats().integer
    say(
        ngettext("Exporting {n} reading…", "Exporting {n} readings…", snapshot.total_rows).format(
            n=number(snapshot.total_rows)
        )
    )

    def done(rows: int) -> None:
        say(
            ngettext(
                "{n} reading exported to {path}.", "{n} readings exported to {path}.", rows
            ).format(n=number(rows), path=path)
        )
        if on_done is not None:
            on_done(rows)

    def failed(exc: BaseException) -> None:
        say(_("The export failed: {error}").format(error=exc))

    def progress(done_rows: int, total: int, _text: str) -> None:
        say(
            ngettext(
                "Exporting… {done} of {total} reading",
                "Exporting… {done} of {total} readings",
                total,
            ).format(done=number(done_rows), total=number(total))
        )

    return run_task(
        lambda report, cancelled: snapshot.write_csv(path, report, cancelled),
        on_done=done,
        on_error=failed,
        on_progress=progress,
    )
