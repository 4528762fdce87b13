"""``mscd export ...``: attendance, the reach report with the EU reporting sheet, the reach
card, and the EU reporting settings of an event."""

from __future__ import annotations

from pathlib import Path

import click

from mscd_desktop.cli.common import common_options, emit, event_option, open_store
from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.exports import eu_reporting as eu
from mscd_desktop.core.exports.attendance import FORMATS, export_attendance
from mscd_desktop.core.exports.card import SIZES, write_card
from mscd_desktop.core.exports.reach_files import export_reach
from mscd_desktop.core.formatting import formats_for
from mscd_desktop.i18n import _, current_language, ngettext

_OUT = click.Path(dir_okay=False, path_type=Path)


def _pairs(values: tuple[str, ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for value in values:
        audience, sep, eu_type = value.partition("=")
        if not sep:
            raise ValidationError(
                _(
                    "Write a mapping as AUDIENCE=TYPE, e.g. citizens=civil_society (got '{value}')."
                ).format(value=value),
                field="map",
            )
        found[audience.strip()] = eu_type.strip()
    return found


def _describe_settings(settings: eu.EuSettings) -> list[str]:
    lines = [
        _("Type of activity: {type}").format(type=_(eu.EU_ACTIVITY_TYPES[settings.activity_type])),
        _("Main leader: {leader}").format(leader=settings.leader or "—"),
        _("Countries addressed: {countries}").format(
            countries=", ".join(settings.countries) or "—"
        ),
        _("Audiences counted as:"),
    ]
    lines += [
        f"  {ev.audience_label(audience)} ({audience}) → {_(eu.EU_AUDIENCES[eu_type])} ({eu_type})"
        for audience, eu_type in settings.audience_map.items()
    ]
    return lines


def register(group: click.Group) -> None:
    """Add the export commands to *group*."""

    @group.group(help=_("Export attendance, the reach report and the reach card."))
    @common_options
    def export() -> None:
        pass

    @export.command("attendance", help=_("Export the attendance list or the sign-in sheet."))
    @click.option("--format", "fmt", required=True, type=click.Choice(FORMATS))
    @click.option("--out", required=True, type=_OUT, help=_("File to write."))
    @event_option
    @common_options
    def attendance(fmt, out, event_id) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            result = export_attendance(store, event.id, fmt, out)
        number = formats_for(current_language()).integer
        lines = [
            ngettext(
                "Wrote {rows} row to {file} ({people} people, {came} checked in).",
                "Wrote {rows} rows to {file} ({people} people, {came} checked in).",
                result.rows,
            ).format(
                rows=number(result.rows),
                file=result.path,
                people=number(result.people),
                came=number(result.checked_in),
            )
        ]
        if not result.checked_in:
            lines.append(_("Nobody has checked in yet: the list shows who registered."))
        emit({"event_id": event.id, **result.as_dict()}, lines)

    @export.command("kpis", help=_("Write the reach report with the EU reporting sheet."))
    @click.option("--out", required=True, type=_OUT, help=_("FILE.pdf, FILE.json or FILE.xlsx."))
    @event_option
    @common_options
    def kpis(out, event_id) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            result = export_reach(store, event.id, out)
        fmt = formats_for(current_language())
        emit(
            {"event_id": event.id, **result.as_dict()},
            _(
                "Wrote the reach report to {file}: {came} visitors, {players} children played, "
                "{energy} shown."
            ).format(
                file=result.path,
                came=fmt.integer(result.checked_in),
                players=fmt.integer(result.players),
                energy=fmt.energy(result.energy_wh),
            ),
        )

    @export.command("card", help=_("Draw the shareable reach card as a PNG."))
    @click.option("--out", required=True, type=_OUT, help=_("FILE.png."))
    @click.option(
        "--size",
        type=click.Choice(list(SIZES)),
        default="1200x675",
        show_default=True,
        help=_("1200x675 for LinkedIn, X and YouTube; 1080x1080 square."),
    )
    @event_option
    @common_options
    def card(out, size, event_id) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            result = write_card(store, event.id, out, size)
        figures = ", ".join(f"{f.number} {f.label}" for f in result.figures)
        emit(
            {"event_id": event.id, **result.as_dict()},
            _("Wrote the reach card {file} ({size}): {figures}.").format(
                file=result.path, size=size, figures=figures
            ),
        )

    @export.command(
        "eu-settings",
        help=_("Show or change how the event is reported to the EU portal."),
    )
    @click.option(
        "--map",
        "pairs",
        multiple=True,
        metavar="AUDIENCE=TYPE",
        help=_("Count an audience as an EU audience type, e.g. technical=scientific_community."),
    )
    @click.option(
        "--activity-type",
        type=click.Choice(list(eu.EU_ACTIVITY_TYPES)),
        help=_("Type of activity on the portal."),
    )
    @click.option("--leader", help=_("Main leader: the partner organisation that led it."))
    @click.option(
        "--country",
        "countries",
        multiple=True,
        metavar="CC",
        help=_("Country addressed, two letters (repeat for several)."),
    )
    @click.option("--reset", is_flag=True, help=_("Go back to the defaults first."))
    @event_option
    @common_options
    def eu_settings(pairs, activity_type, leader, countries, reset, event_id) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            if pairs or activity_type or leader is not None or countries or reset:
                settings = eu.update_eu_settings(
                    store,
                    event.id,
                    audience_map=_pairs(pairs),
                    activity_type=activity_type,
                    leader=leader,
                    countries=list(countries) if countries else None,
                    reset=reset,
                )
            else:
                settings = eu.eu_settings(store, event.id)
        emit({"event_id": event.id, **settings.as_dict()}, _describe_settings(settings))
