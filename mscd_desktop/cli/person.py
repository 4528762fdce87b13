"""``mscd person export|erase ID``: one person's data, on request (GDPR Art. 15 and 17)."""

from __future__ import annotations

from pathlib import Path

import click

from mscd_desktop.cli.common import common_options, emit, open_store, to_json
from mscd_desktop.core import persons
from mscd_desktop.core.atomic_files import atomic_path
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.private_files import create_private_file
from mscd_desktop.i18n import _, ngettext


def register(group: click.Group) -> None:
    """Add the person commands to *group*."""

    @group.group(help=_("One person's data, on request: export it or erase it."))
    @common_options
    def person() -> None:
        pass

    @person.command("export", help=_("Everything stored about one person, as JSON."))
    @click.argument("person_id", metavar="ID")
    @click.option(
        "--out",
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("Write the JSON to this file (readable by you only) instead of printing it."),
    )
    @common_options
    def export(person_id: str, out: Path | None) -> None:
        with open_store() as store:
            data = persons.export_person(store, person_id)
        if out is None:
            click.echo(to_json(data))
            return
        with atomic_path(out) as partial:  # OS errors become sentences naming *out*
            create_private_file(partial)  # 0600 from the start: it holds one person's data
            partial.write_text(to_json(data) + "\n", encoding="utf-8")
        emit({"path": str(out)}, _("Written to {path}.").format(path=out))

    @person.command("erase", help=_("Erase one person here; the hub is told to forget them."))
    @click.argument("person_id", metavar="ID")
    @click.option("--yes", is_flag=True, help=_("Do not ask for confirmation."))
    @common_options
    def erase(person_id: str, yes: bool) -> None:
        with open_store() as store:
            data = persons.export_person(store, person_id)
            if not yes:
                click.confirm(
                    _("Erase {name} and everything recorded about them?").format(
                        name=data["person"]["name"]
                    ),
                    abort=True,
                )
            done = persons.erase_person(store, person_id)
        emit(
            done.as_dict(),
            ngettext(
                "Erased. {n} record that the hub has goes out as a withdrawal at the next sync.",
                "Erased. {n} records that the hub has go out as withdrawals at the next sync.",
                done.withdrawals_queued,
            ).format(n=current_formats().integer(done.withdrawals_queued)),
        )
