"""``mscd checkin`` and ``mscd tickets ...``: scan at the door, print badges and tickets."""

from __future__ import annotations

from pathlib import Path

import click

from mscd_desktop.cli.common import common_options, emit, event_option, open_store
from mscd_desktop.core import checkin as ci
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.documents import badges
from mscd_desktop.core.events import resolve_event
from mscd_desktop.i18n import _


def register(group: click.Group) -> None:
    """Add ``checkin`` and the ``tickets`` group to *group*."""

    @group.command(
        "checkin",
        help=_(
            "Check someone in from a scanned ticket code "
            "(or a typed short code) and print the verdict."
        ),
    )
    @click.argument("scan_text", metavar="SCAN_TEXT")
    @click.option("--desk", default="", help=_("Name of this desk, e.g. B."))
    @click.option("--out", "leaving", is_flag=True, help=_("Check out instead of in."))
    @event_option
    @common_options
    def checkin(scan_text: str, desk: str, leaving: bool, event_id: str | None) -> None:
        with open_store() as store:
            event = resolve_event(store, event_id)
            verdict = ci.CheckInDesk(store, event.id, desk).scan(
                scan_text, mode="out" if leaving else "in"
            )
        emit(verdict.as_dict(), f"{verdict.status}: {verdict.title()}. {verdict.message()}")

    @group.group(help=_("Issue, re-issue and print signed QR tickets."))
    @common_options
    def tickets() -> None:
        pass

    @tickets.command(
        "issue",
        help=_("Give everyone without a ticket one (and each school class a class ticket)."),
    )
    @event_option
    @common_options
    def issue(event_id: str | None) -> None:
        with open_store() as store:
            event = resolve_event(store, event_id)
            count = tk.issue_missing_tickets(store, event.id)
        emit({"issued": count}, _("{count} tickets issued.").format(count=count))

    @tickets.command("reissue", help=_("Replace a ticket; the old code is refused from now."))
    @click.argument("ticket_id", metavar="TICKET_ID")
    @common_options
    def reissue(ticket_id: str) -> None:
        with open_store() as store:
            new = tk.reissue_ticket(store, ticket_id)
        emit(
            new.as_dict(),
            _("New ticket {number}: {code}").format(number=new.ticket_no, code=new.short_code),
        )

    @tickets.command(
        "pdf",
        help=_(
            "Write printable badges or tickets with signed QR codes "
            "(issuing missing tickets first)."
        ),
    )
    @click.option(
        "--out",
        "out",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("PDF file to write."),
    )
    @click.option(
        "--layout",
        type=click.Choice(["badges", "tickets"]),
        default="badges",
        help=_("badges: 10 per A4 sheet; tickets: one per page."),
    )
    @event_option
    @common_options
    def pdf(out: Path, layout: str, event_id: str | None) -> None:
        with open_store() as store:
            event = resolve_event(store, event_id)
            issued = tk.issue_missing_tickets(store, event.id)
            items = badges.badge_items(store, event.id)
        pages = badges.write_pdf(out, event, items, layout=layout)
        emit(
            {"file": str(out), "pages": pages, "tickets": len(items), "issued": issued},
            _("Wrote {pages} pages ({count} tickets) to {file}.").format(
                pages=pages, count=len(items), file=out
            ),
        )
