"""``mscd event ...`` and ``mscd project ...``: set up the day's events."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from mscd_desktop.cli.common import common_options, emit, event_option, open_store
from mscd_desktop.core import events as ev
from mscd_desktop.core.backups import create_backup
from mscd_desktop.core.documents import event_settings as es
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _


def _describe(event: ev.Event) -> str:
    audiences = ", ".join(ev.audience_label(a) for a in event.audiences) or "-"
    return _(
        "{id}  {date}  {name} ({project}, {city}) [{status}] audiences: {audiences}; "
        "languages: {languages}"
    ).format(
        id=event.id,
        date=current_formats().date(event.date),
        name=event.name,
        project=event.project,
        city=event.city,
        status=event.status,
        audiences=audiences,
        languages=", ".join(event.languages),
    )


def _draft_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option("--venue", default="", help=_("Venue, e.g. the boiler room of Torrelago.")),
        click.option(
            "--audience",
            "audiences",
            multiple=True,
            type=click.Choice(list(ev.AUDIENCES)),
            help=_("Expected audience (repeat for several)."),
        ),
        click.option(
            "--language",
            "languages",
            multiple=True,
            help=_("Language of the event, e.g. es (repeat for several)."),
        ),
        click.option(
            "--pin",
            help=_("Organiser PIN (4 to 8 digits) guarding kiosk exit and admin actions."),
        ),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _document_options(command: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "--logo",
            "logos",
            multiple=True,
            type=click.Path(dir_okay=False, path_type=Path),
            help=_("Logo printed on certificates and reports, PNG or JPEG (repeat for several)."),
        ),
        click.option("--no-logos", is_flag=True, help=_("Remove the event's logos.")),
        click.option(
            "--signature",
            type=click.Path(dir_okay=False, path_type=Path),
            help=_("Picture of the organiser's signature, printed on certificates."),
        ),
        click.option("--no-signature", is_flag=True, help=_("Remove the signature picture.")),
        click.option("--signer-name", help=_("Name printed under the signature.")),
        click.option("--signer-role", help=_("Role printed under the signer's name.")),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _set_documents(
    store: Store,
    event_id: str,
    logos: tuple[Path, ...],
    no_logos: bool,
    signature: Path | None,
    no_signature: bool,
    signer_name: str | None,
    signer_role: str | None,
) -> None:
    if logos or no_logos:
        es.set_logos(store, event_id, [] if no_logos else list(logos))
    if signature or no_signature:
        es.set_signature(store, event_id, None if no_signature else signature)
    if signer_name is not None or signer_role is not None:
        es.set_signer(store, event_id, signer_name, signer_role)


def _describe_documents(store: Store, event_id: str) -> dict:
    signature = es.signature(store, event_id)
    return {
        "logos": [image.as_dict() for image in es.logos(store, event_id)],
        "signature": signature.as_dict() if signature else None,
        "signer": es.signer(store, event_id),
    }


def _pictures_line(pictures: dict) -> str:
    logos = ", ".join(image["file_name"] for image in pictures["logos"]) or "—"
    signature = pictures["signature"]["file_name"] if pictures["signature"] else "—"
    signer = " · ".join(v for v in pictures["signer"].values() if v) or "—"
    return _("Logos: {logos}; signature: {signature}; signed by: {signer}").format(
        logos=logos, signature=signature, signer=signer
    )


def register(group: click.Group) -> None:
    """Add the event and project commands to *group*."""

    @group.group(help=_("Create, list, open and close events."))
    @common_options
    def event() -> None:
        pass

    @event.command("create", help=_("Create an event and open it."))
    @click.option("--name", required=True, help=_("Name of the event."))
    @click.option("--project", required=True, help=_("Cluster project, e.g. CITyFiED."))
    @click.option("--city", required=True, help=_("City of the event."))
    @click.option(
        "--date", "date_", required=True, metavar="YYYY-MM-DD", help=_("Day of the event.")
    )
    @_draft_options
    @common_options
    def create(name, project, city, date_, venue, audiences, languages, pin) -> None:
        draft = ev.EventDraft(
            name=name,
            project=project,
            city=city,
            date=date_,
            venue=venue,
            audiences=tuple(audiences),
            languages=tuple(languages) or ("en",),
            pin=pin,
        )
        with open_store() as store:
            created = ev.create_event(store, draft)
            ev.open_event(store, created.id)
        emit(created.as_dict(), _("Created and opened: {event}").format(event=_describe(created)))

    @event.command("edit", help=_("Change an event (only the options given)."))
    @event_option
    @click.option("--name")
    @click.option("--project")
    @click.option("--city")
    @click.option("--date", "date_", metavar="YYYY-MM-DD")
    @_draft_options
    @_document_options
    @common_options
    def edit(
        event_id, name, project, city, date_, venue, audiences, languages, pin, **documents
    ) -> None:
        with open_store() as store:
            old = ev.resolve_event(store, event_id)
            draft = ev.EventDraft(
                name=name if name is not None else old.name,
                project=project or old.project,
                city=city if city is not None else old.city,
                date=date_ or old.date,
                venue=venue or old.venue,
                audiences=tuple(audiences) or tuple(old.audiences),
                languages=tuple(languages) or tuple(old.languages),
                pin=pin,
            )
            _set_documents(store, old.id, **documents)  # pictures first: all checked, or none
            changed = ev.update_event(store, old.id, draft)
            pictures = _describe_documents(store, changed.id)
        emit(
            {**changed.as_dict(), **pictures},
            [_("Changed: {event}").format(event=_describe(changed)), _pictures_line(pictures)],
        )

    @event.command("list", help=_("List the events, newest first."))
    @common_options
    def list_() -> None:
        with open_store() as store:
            events = ev.list_events(store)
            current = ev.current_event(store)
        lines = [("* " if current and e.id == current.id else "  ") + _describe(e) for e in events]
        emit([e.as_dict() for e in events], lines or [_("No events yet.")])

    for verb, action, text in (
        ("open", ev.open_event, _("Make an event the current one (and take a backup).")),
        ("close", ev.close_event, _("Mark an event as finished.")),
        ("reopen", ev.reopen_event, _("Reopen a closed event.")),
    ):

        def make(action=action, backup=verb == "open"):
            @click.argument("event_id", metavar="ID")
            @common_options
            def command(event_id: str) -> None:
                with open_store() as store:
                    result = action(store, event_id)
                    if backup:
                        create_backup(store)
                emit(result.as_dict(), _describe(result))

            return command

        event.command(verb, help=text)(make())

    @group.group(help=_("The editable list of cluster projects."))
    @common_options
    def project() -> None:
        pass

    @project.command("list", help=_("List the projects."))
    @common_options
    def project_list() -> None:
        with open_store() as store:
            names = ev.list_projects(store)
        emit(names, names)

    @project.command("add", help=_("Add a project to the list."))
    @click.argument("name")
    @common_options
    def project_add(name: str) -> None:
        with open_store() as store:
            added = ev.add_project(store, name)
        emit({"name": added}, _("Added project {name}.").format(name=added))
