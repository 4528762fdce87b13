"""``mscd sync …``: enrol with the cluster hub, push, status, offline bundles, purge.

Also ``mscd event delete`` (refused while the event has unsynced records), added to the
``event`` group here because the refusal is sync's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from mscd_desktop.cli.common import common_options, data_dir, emit, event_option, open_store
from mscd_desktop.core import event_removal
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import enrolment, offline, purge, push, reconcile, settings
from mscd_desktop.core.sync import status as st
from mscd_desktop.i18n import _, ngettext


def _status_lines(status: st.SyncStatus) -> list[str]:
    lines = [status.summary() + "."]
    if status.enrolled:
        lines.append(
            _("Hub: {url} (venue {venue}).").format(url=status.hub_url, venue=status.venue)
        )
    else:
        lines.append(_("Not enrolled with a hub yet: mscd sync enrol --hub URL CODE"))
    if status.access_revoked:
        lines.append(_("This laptop's hub access was withdrawn; the records wait here."))
    if status.last_error:
        lines.append(_("Last problem: {error}").format(error=status.last_error))
    if status.next_attempt_at:
        lines.append(
            _("Next automatic attempt at {time}.").format(
                time=st.local_time(status.next_attempt_at)
            )
        )
    warning = status.clock_warning()
    if warning:
        lines.append(warning)
    if status.quarantined:
        lines.append(
            ngettext(
                "{n} record refused by the hub (never retried):",
                "{n} records refused by the hub (never retried):",
                len(status.quarantined),
            ).format(n=current_formats().integer(len(status.quarantined)))
        )
        lines += [f"  {q.kind} {q.record_id}: {q.reason}" for q in status.quarantined]
    return lines


def _sharing_command(
    group: click.Group,
    name: str,
    help_text: str,
    setter: Callable[[Store, str, bool], int],
    key: str,
    texts: tuple[Callable[[int], str], Callable[[int], str]],
) -> None:
    """``mscd sync NAME on|off [--event ID]``: one of the event's opt-ins."""

    @group.command(name, help=help_text)
    @click.argument("choice", type=click.Choice(["on", "off"]))
    @event_option
    @common_options
    def command(choice: str, event_id: str | None) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            changed = setter(store, event.id, choice == "on")
        emit(
            {"event_id": event.id, key: choice == "on", "records": changed},
            texts[choice == "off"](changed).format(
                event=event.name, n=current_formats().integer(changed)
            ),
        )


def register(group: click.Group) -> None:
    """Add the sync commands to *group* (and ``delete`` to its ``event`` group)."""

    @group.group(help=_("Send the results to the cluster hub, online or by USB stick."))
    @common_options
    def sync() -> None:
        pass

    @sync.command("enrol", help=_("Join a hub with a one-time code (or the QR's text)."))
    @click.argument("code", metavar="CODE")
    @click.option("--hub", "hub_url", metavar="URL", help=_("The hub's address."))
    @click.option("--name", "device_name", metavar="NAME", help=_("This laptop's name."))
    @common_options
    def enrol(code: str, hub_url: str | None, device_name: str | None) -> None:
        with open_store() as store:
            access = enrolment.enrol(store, code, hub_url, device_name=device_name)
        emit(
            access.__dict__,
            _("Enrolled with {url} as '{name}' for venue {venue}.").format(
                url=access.hub_url, name=access.device_name, venue=access.venue
            ),
        )

    @sync.command("push", help=_("Push everything not yet acknowledged by the hub."))
    @click.option("--hub", "hub_url", metavar="URL", help=_("Another hub, for this push only."))
    @click.option("--token", metavar="T", help=_("A device token, for this push only."))
    @common_options
    def push_(hub_url: str | None, token: str | None) -> None:
        if (hub_url is None) != (token is None):
            raise click.UsageError(_("Give --hub and --token together."))
        with open_store() as store:
            report = push.push(store, data_dir(), hub_url=hub_url, token=token)
            purge.purge_children_data(store)
        if report.error:
            raise MscdError(report.error)
        emit(report.as_dict(), report.summary())

    @sync.command("status", help=_("Backlog, last sync and the records the hub refused."))
    @common_options
    def status() -> None:
        with open_store() as store:
            current = st.sync_status(store)
        emit(current.as_dict(), _status_lines(current))

    @sync.command("bundle", help=_("Write a signed offline bundle for a USB stick."))
    @click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
    @common_options
    def bundle(out: Path) -> None:
        with open_store() as store:
            written = offline.write_offline_bundle(store, out, data_dir())
        emit(
            written.as_dict(),
            ngettext(
                "{n} record written to {path}.", "{n} records written to {path}.", written.records
            ).format(n=current_formats().integer(written.records), path=written.path),
        )

    @sync.command("upload", help=_("Hand a bundle (from any laptop) to the hub, when online."))
    @click.argument("bundle_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @common_options
    def upload(bundle_file: Path) -> None:
        with open_store() as store:
            carried = offline.carry_bundle(store, bundle_file)
        counts = {"accepted": 0, "duplicate": 0, "conflict": 0, "rejected": 0, **carried.counts}
        number = current_formats().integer
        emit(
            carried.as_dict(),
            _(
                "Accepted: {accepted}; already there: {duplicate}; conflicts: {conflict}; "
                "rejected: {rejected}."
            ).format(**{key: number(value) for key, value in counts.items()}),
        )

    @sync.command("check", help=_("Compare this laptop's records with the hub's, one by one."))
    @event_option
    @common_options
    def check(event_id: str | None) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            comparison = reconcile.compare_with_hub(store, event.id)
        if not comparison.agree:
            raise MscdError(
                _(
                    "The hub and this laptop differ. Sent but missing on the hub: {missing}; "
                    "unknown here: {unknown}; with other content: {differing}."
                ).format(
                    missing=current_formats().integer(len(comparison.missing_on_hub)),
                    unknown=current_formats().integer(len(comparison.unknown_here)),
                    differing=current_formats().integer(len(comparison.differing)),
                )
            )
        emit(
            comparison.as_dict(),
            ngettext(
                "The hub and this laptop agree on the {n} record.",
                "The hub and this laptop agree on all {n} records.",
                comparison.agreeing,
            ).format(n=current_formats().integer(comparison.agreeing)),
        )

    @sync.command("purge", help=_("Remove children's names confirmed by the hub long enough ago."))
    @click.option(
        "--days",
        type=click.IntRange(0, settings.MAX_PURGE_DAYS),
        help=_("Keep them this many days after the sync from now on (default 30)."),
    )
    @common_options
    def purge_(days: int | None) -> None:
        with open_store() as store:
            if days is not None:
                settings.set_purge_days(store, days)
            report = purge.purge_children_data(store)
        number = current_formats().integer
        emit(
            report.as_dict(),
            ngettext(
                "Names removed (kept {days} day after the hub confirmed them): "
                "children: {attendees}; kiosk games: {games}.",
                "Names removed (kept {days} days after the hub confirmed them): "
                "children: {attendees}; kiosk games: {games}.",
                report.days,
            ).format(
                days=number(report.days),
                attendees=number(report.attendees),
                games=number(report.games),
            ),
        )

    _sharing_command(
        sync,
        "share-contacts",
        _("Send consenting adults' names and e-mails: on/off."),
        settings.set_share_adult_contacts,
        "share_adult_contacts",
        (
            lambda n: ngettext(
                "Consenting adults' names and e-mails of {event} go to the hub ({n} person).",
                "Consenting adults' names and e-mails of {event} go to the hub ({n} people).",
                n,
            ),
            lambda n: ngettext(
                "Adults' names and e-mails of {event} stay on this laptop ({n} person).",
                "Adults' names and e-mails of {event} stay on this laptop ({n} people).",
                n,
            ),
        ),
    )
    _sharing_command(
        sync,
        "share-certificates",
        _("Let the hub verify certificates: on/off."),
        settings.set_share_certificates,
        "share_certificates",
        (
            lambda n: ngettext(
                "The hub can verify the certificates of {event}: their codes and first names "
                "go to it ({n} certificate).",
                "The hub can verify the certificates of {event}: their codes and first names "
                "go to it ({n} certificates).",
                n,
            ),
            lambda n: ngettext(
                "The certificates of {event} stay on this laptop ({n} certificate).",
                "The certificates of {event} stay on this laptop ({n} certificates).",
                n,
            ),
        ),
    )

    @sync.command("token", help=_("Use a new device token from the hub's admin."))
    @click.argument("token")
    @common_options
    def token(token: str) -> None:
        with open_store() as store:
            settings.replace_token(store, token)
        emit({"token_replaced": True}, _("The new token is kept (sealed) for the next sync."))

    event_group = group.commands["event"]
    assert isinstance(event_group, click.Group)

    @event_group.command(
        "delete", help=_("Delete an event and all its data (refused while unsynced).")
    )
    @click.argument("event_id", metavar="ID")
    @click.option(
        "--discard-unsynced",
        is_flag=True,
        help=_("Delete even though records have not reached the hub (they are lost)."),
    )
    @common_options
    def delete(event_id: str, discard_unsynced: bool) -> None:
        with open_store() as store:
            done = event_removal.delete_event(store, event_id, discard_unsynced=discard_unsynced)
        emit(
            done.as_dict(),
            ngettext(
                "Deleted {name} ({n} row).", "Deleted {name} ({n} rows).", done.rows_deleted
            ).format(name=done.name, n=current_formats().integer(done.rows_deleted)),
        )
