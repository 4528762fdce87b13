"""``mscd checkin``: scan at the door; the exit status says admitted, refused or unusable."""

from __future__ import annotations

import sqlite3

import click

from mscd_desktop.cli.common import common_options, emit, event_option, fail, one_line, open_store
from mscd_desktop.core import checkin as ci
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.events import resolve_event
from mscd_desktop.core.verdicts import Verdict
from mscd_desktop.i18n import _

EXIT_ADMITTED = 0
EXIT_REFUSED = 1
EXIT_UNUSABLE = 2
EXIT_NOT_CHECKED = 3


def exit_status(verdicts: list[Verdict]) -> int:
    """0 when every code admitted (or repeated an admission), 2 when one could not be
    read as a ticket at all, else 1 (refused)."""
    worst = EXIT_ADMITTED
    for verdict in verdicts:
        if verdict.status.unusable_input:
            worst = EXIT_UNUSABLE
        elif not verdict.admits:
            worst = max(worst, EXIT_REFUSED)
    return worst


def report(verdicts: list[Verdict]) -> None:
    """Print the verdicts (JSON: one object, or a list for codes that arrived joined) and
    exit with :func:`exit_status`."""
    emit(
        verdicts[0].as_dict() if len(verdicts) == 1 else [v.as_dict() for v in verdicts],
        [f"{v.status}: {v.title()}. {v.message()}" for v in verdicts],
    )
    status = exit_status(verdicts)
    if status:
        raise SystemExit(status)


def register(group: click.Group) -> None:
    """Add ``checkin`` to *group*."""

    @group.command(
        "checkin",
        help=_(
            "Check someone in from a scanned ticket code (or a typed short code) and print "
            "the verdict. Exit status: 0 admitted, 1 refused, 2 unusable input (misread, or "
            "not a ticket code), 3 nothing was checked (no event open, a database error)."
        ),
    )
    @click.argument("scan_text", metavar="SCAN_TEXT")
    @click.option("--desk", default="", help=_("Name of this desk, e.g. B."))
    @click.option("--out", "leaving", is_flag=True, help=_("Check out instead of in."))
    @event_option
    @common_options
    def checkin(scan_text: str, desk: str, leaving: bool, event_id: str | None) -> None:
        try:
            with open_store() as store:
                event = resolve_event(store, event_id)
                desk_session = ci.CheckInDesk(store, event.id, desk)
                verdicts = list(desk_session.scan_each(scan_text, mode="out" if leaving else "in"))
        except (MscdError, sqlite3.Error) as exc:
            fail(one_line(exc), EXIT_NOT_CHECKED)
        report(verdicts)
