"""``mscd event export`` and ``mscd event import``: one event to another laptop.

The passphrase that seals the file comes from ``--passphrase-file`` (its first line), else
``$MSCD_EVENT_PASSPHRASE``, else it is asked at the terminal; never from the command line,
where other users of the computer could read it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from mscd_desktop.cli.common import common_options, emit, event_option, open_store
from mscd_desktop.core import event_transfer
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.event_file import check_passphrase
from mscd_desktop.i18n import _, ngettext

PASSPHRASE_ENV = "MSCD_EVENT_PASSPHRASE"


def _passphrase(path: Path | None, *, confirm: bool) -> str:
    """The passphrase from *path*, the environment or the terminal."""
    if path is not None:
        try:
            with path.open(encoding="utf-8") as fh:
                return fh.readline(4096).rstrip("\r\n")
        except (OSError, UnicodeDecodeError) as exc:
            raise ValidationError(
                _("Cannot read the passphrase file {path}: {error}").format(path=path, error=exc),
                field="passphrase_file",
            ) from exc
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise ValidationError(
            _(
                "A passphrase is needed: give it with --passphrase-file FILE or in "
                "${env}, or run the command at a terminal to type it."
            ).format(env=PASSPHRASE_ENV),
            field="passphrase",
        )
    return click.prompt(
        _("Passphrase"),
        hide_input=True,
        confirmation_prompt=_("Repeat the passphrase") if confirm else False,
    )


def _summary(result: event_transfer.TransferResult) -> list[str]:
    people = result.rows.get("attendees", 0)
    lines = [
        ngettext(
            "“{name}” ({id}): {people} person, {tickets} tickets, {checkins} check-ins, "
            "{games} quiz games, {minutes} energy minutes, {keys} private signing keys.",
            "“{name}” ({id}): {people} people, {tickets} tickets, {checkins} check-ins, "
            "{games} quiz games, {minutes} energy minutes, {keys} private signing keys.",
            people,
        ).format(
            name=result.event.name,
            id=result.event.id,
            people=people,
            tickets=result.rows.get("tickets", 0),
            checkins=result.rows.get("checkins", 0),
            games=result.rows.get("quiz_games", 0),
            minutes=result.rows.get("energy_minutes", 0),
            keys=result.keys,
        )
    ]
    return lines + list(result.notes)


def register(group: click.Group) -> None:
    """Add ``export`` and ``import`` to the ``event`` group of *group*."""
    event = group.commands["event"]
    assert isinstance(event, click.Group)
    passphrase_option = click.option(
        "--passphrase-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("File whose first line is the passphrase (default: ${env}, else asked).").format(
            env=PASSPHRASE_ENV
        ),
    )

    @event.command(
        "export",
        help=_(
            "Write one event (people, tickets, signing keys, check-ins, quiz results, energy "
            "minutes) to a file sealed with a passphrase, for another laptop."
        ),
    )
    @event_option
    @click.option(
        "--out",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("The event file to write."),
    )
    @passphrase_option
    @common_options
    def export(event_id: str | None, out: Path, passphrase_file: Path | None) -> None:
        with open_store() as store:
            event_transfer.resolve_for_export(store, event_id)
            passphrase = _passphrase(passphrase_file, confirm=True)
            check_passphrase(passphrase)
            result = event_transfer.export_event(store, event_id, out, passphrase)
        emit(result.to_json(), [_("Exported to {file}:").format(file=out), *_summary(result)])

    @event.command(
        "import",
        help=_(
            "Add the event in FILE (made by `mscd event export`) to this laptop and open it. "
            "An event that is here already is refused unless --replace is given."
        ),
    )
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @click.option(
        "--replace",
        is_flag=True,
        help=_("Replace everything this laptop holds for the event with the file's copy."),
    )
    @passphrase_option
    @common_options
    def import_(file: Path, replace: bool, passphrase_file: Path | None) -> None:
        with open_store() as store:
            event_transfer.check_importable(store, file, replace=replace)
            passphrase = _passphrase(passphrase_file, confirm=False)
            result = event_transfer.import_event(store, file, passphrase, replace=replace)
        emit(result.to_json(), [_("Imported from {file}:").format(file=file), *_summary(result)])
