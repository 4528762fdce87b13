"""``mscd tickets ...``: issue, list, cancel and print tickets; rotate and retire keys."""

from __future__ import annotations

from pathlib import Path

import click

from mscd_desktop.cli.common import common_options, emit, event_option, open_store
from mscd_desktop.core import attendees as at
from mscd_desktop.core import ticket_keys as keys
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.documents import badges
from mscd_desktop.core.events import resolve_event
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.store import Store
from mscd_desktop.core.tickets import Ticket
from mscd_desktop.i18n import _, ngettext


def _holders(store: Store, event_id: str) -> dict[str, str]:
    """Names of the people and classes of the event, by attendee or group id."""
    names = {a.id: a.name for a in at.list_attendees(store, event_id)}
    names.update({g.id: f"{g.class_name}, {g.school}" for g in at.list_groups(store, event_id)})
    return names


def _describe(ticket: Ticket, holders: dict[str, str]) -> str:
    holder = holders.get(ticket.group_id or ticket.attendee_id or "", _("Guest"))
    status = _("cancelled") if ticket.revoked else _("active")
    return _("{code}  #{number}  {role}  {holder}  {status}  key {key}").format(
        code=ticket.short_code,
        number=current_formats().integer(ticket.ticket_no),
        role=ticket.role,
        holder=holder,
        status=status,
        key=ticket.key_no,
    )


def _describe_key(key: keys.TicketKey) -> str:
    fmt = current_formats()
    state = (
        _("retired {date}").format(date=fmt.stamp_date(key.retired_at))
        if key.retired_at is not None
        else (_("signs new tickets") if key.signing else _("verifies"))
    )
    count = ngettext("{n} active ticket", "{n} active tickets", key.active_tickets).format(
        n=fmt.integer(key.active_tickets)
    )
    return _("key {key}  {fingerprint}  created {date}  {state}  {count}").format(
        key=key.key_no,
        fingerprint=key.fingerprint,
        date=fmt.stamp_date(key.created_at),
        state=state,
        count=count,
    )


def register(group: click.Group) -> None:
    """Add the ``tickets`` group (and its ``keys`` subgroup) to *group*."""

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
        emit(
            {"issued": count},
            ngettext("{count} ticket issued.", "{count} tickets issued.", count).format(
                count=current_formats().integer(count)
            ),
        )

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
            _("Wrote {tickets} on {pages} to {file}.").format(
                tickets=ngettext("{n} ticket", "{n} tickets", len(items)).format(
                    n=current_formats().integer(len(items))
                ),
                pages=ngettext("{n} page", "{n} pages", pages).format(
                    n=current_formats().integer(pages)
                ),
                file=out,
            ),
        )

    @tickets.command("list", help=_("List the event's tickets with their short codes."))
    @click.option("--all", "every", is_flag=True, help=_("Include cancelled tickets."))
    @event_option
    @common_options
    def list_(every: bool, event_id: str | None) -> None:
        with open_store() as store:
            event = resolve_event(store, event_id)
            found = tk.list_tickets(store, event.id, active_only=not every)
            holders = _holders(store, event.id)
        emit(
            [t.as_dict() for t in found],
            [_describe(t, holders) for t in found] or [_("No tickets.")],
        )

    @tickets.command(
        "revoke",
        help=_(
            "Cancel a ticket (by its id or its short code): its QR code and short code "
            "are refused from now on."
        ),
    )
    @click.argument("ticket", metavar="TICKET")
    @event_option
    @common_options
    def revoke(ticket: str, event_id: str | None) -> None:
        with open_store() as store:
            event = resolve_event(store, event_id)
            found = tk.revoke_ticket(store, tk.find_ticket(store, event.id, ticket).id)
            holder = tk.ticket_holder(store, found)
        emit(
            found.as_dict(),
            _("Ticket {code} ({holder}) is cancelled: it is refused from now on.").format(
                code=found.short_code, holder=holder
            ),
        )

    @tickets.group("keys", help=_("The event's ticket signing keys: list, rotate, retire."))
    @common_options
    def keys_group() -> None:
        pass

    @keys_group.command("list", help=_("List the event's signing keys."))
    @event_option
    @common_options
    def keys_list(event_id: str | None) -> None:
        with open_store() as store:
            event = resolve_event(store, event_id)
            found = keys.list_keys(store, event.id)
        emit(
            [k.as_dict() for k in found],
            [_describe_key(k) for k in found] or [_("No keys yet: issuing a ticket makes one.")],
        )

    @keys_group.command(
        "rotate",
        help=_("Sign new tickets with a fresh key; tickets already issued stay valid."),
    )
    @event_option
    @common_options
    def keys_rotate(event_id: str | None) -> None:
        with open_store() as store:
            event = resolve_event(store, event_id)
            number = keys.rotate_key(store, event.id)
            key = next(k for k in keys.list_keys(store, event.id) if k.key_no == number)
        emit(
            key.as_dict(),
            _("Key {key} signs new tickets from now on; older tickets stay valid.").format(
                key=number
            ),
        )

    @keys_group.command(
        "retire",
        help=_(
            "Refuse every ticket signed with KEY (say, a laptop holding it was stolen), "
            "scanned or typed. New tickets are signed with another key."
        ),
    )
    @click.argument("key_no", metavar="KEY", type=click.IntRange(1, 255))
    @click.confirmation_option(
        "--yes",
        prompt=_("Every ticket signed with this key will be refused. Retire it?"),
        help=_("Retire without asking first."),
    )
    @event_option
    @common_options
    def keys_retire(key_no: int, event_id: str | None) -> None:
        with open_store() as store:
            event = resolve_event(store, event_id)
            key = keys.retire_key(store, event.id, key_no)
        emit(
            key.as_dict(),
            ngettext(
                "Key {key} is retired: its {n} ticket is refused from now on. Re-issue it "
                "(mscd tickets reissue) or check its holder in by name.",
                "Key {key} is retired: its {n} tickets are refused from now on. Re-issue "
                "them (mscd tickets reissue) or check their holders in by name.",
                key.active_tickets,
            ).format(key=key_no, n=current_formats().integer(key.active_tickets)),
        )
