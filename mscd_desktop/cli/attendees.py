"""``mscd attendees ...``: import registrations, list and search people, walk-ins, groups."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import click

from mscd_desktop.cli.checkin import report
from mscd_desktop.cli.common import common_options, emit, event_option, fail, open_store
from mscd_desktop.core import attendance
from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.formatting import current_formats, formats_for
from mscd_desktop.core.importing import (
    DUPLICATE_POLICIES,
    FIELDS,
    SINGLE_COLUMN,
    ImportOptions,
    ImportReport,
    guess_mapping,
    import_attendees,
    mapping_from_pairs,
    read_file,
)
from mscd_desktop.i18n import _, current_language, ngettext

# `mscd attendees import` exits with this when some rows were rejected (documented in
# README): the others were imported, so scripts can tell it from a failure (1).
REJECTED_ROWS_EXIT = 3

_DELIMITERS = {
    ",": ",",
    "comma": ",",
    ";": ";",
    "semicolon": ";",
    "tab": "\t",
    "\\t": "\t",
    "\t": "\t",
    "|": "|",
    "none": SINGLE_COLUMN,
    "single": SINGLE_COLUMN,
}


def _delimiter(value: str | None) -> str | None:
    if value is None:
        return None
    if value not in _DELIMITERS:
        raise ValidationError(
            _("Unknown delimiter '{value}'. Use one of: {known}.").format(
                value=value, known=", ".join(sorted(k for k in _DELIMITERS if k != "\t"))
            ),
            field="delimiter",
        )
    return _DELIMITERS[value]


def _mapping(pairs: tuple[str, ...], options: ImportOptions, path: Path) -> dict | None:
    """The guessed mapping with the ``--map COLUMN=FIELD`` pairs laid over it (None
    without pairs: the import guesses by itself)."""
    if not pairs:
        return None
    table = read_file(path, options)
    chosen = mapping_from_pairs(list(pairs), table.header)
    guessed = guess_mapping(table.header, table.preview)
    kept = {f: i for f, i in guessed.items() if f not in chosen and i not in chosen.values()}
    return {**kept, **chosen}


def _with_map_hint(error: ValidationError) -> ValidationError:
    return ValidationError(
        str(error) + " " + _('On the command line: --map "COLUMN=name".'),
        field=error.field,
        errors=error.errors,
    )


def _summary(report: ImportReport) -> list[str]:
    lines = [report.summary()]
    lines += [
        _("Row {row}, {field}: {reason}").format(row=p.row, field=p.field, reason=p.reason)
        for p in report.rejected
    ]
    lines += [
        _("Row {row} (kept), {field}: {reason}").format(row=p.row, field=p.field, reason=p.reason)
        for p in report.warnings
    ]
    return lines


def _describe(person: at.Attendee) -> str:
    parts = [
        person.name,
        person.organisation,
        person.email or "",
        ev.audience_label(person.audience or ""),
        at.role_label(person.role),
    ]
    return f"{person.id}  " + " | ".join(p for p in parts if p)


def _checkin_fields(presence: attendance.Presence | None) -> dict:
    return presence.as_dict() if presence else dict(attendance.NOT_CHECKED_IN)


def _checkin_text(presence: attendance.Presence | None) -> str:
    if presence is None:
        return ""
    when = formats_for(current_language()).time(attendance.local_time(presence.first_in_at))
    text = _("checked in {time} at desk {desk}") if presence.first_desk else _("checked in {time}")
    if presence.checked_out:
        text += ", " + _("left")
    return "  [" + text.format(time=when, desk=presence.first_desk) + "]"


def register(group: click.Group) -> None:
    """Add the attendees commands to *group*."""

    @group.group(help=_("Import, list and register attendees."))
    @common_options
    def attendees() -> None:
        pass

    @attendees.command("import", help=_("Import attendees from a CSV or XLSX file."))
    @click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
    @event_option
    @click.option(
        "--duplicates",
        type=click.Choice(DUPLICATE_POLICIES),
        default="skip",
        help=_("Skip people already known, or merge the new details into them."),
    )
    @click.option("--delimiter", help=_("Column separator: comma, semicolon, tab, | or none."))
    @click.option("--encoding", help=_("Text encoding, e.g. utf-8 or cp1252."))
    @click.option("--sheet", help=_("Worksheet of an XLSX workbook (default: the first)."))
    @click.option(
        "--map",
        "pairs",
        multiple=True,
        metavar="COLUMN=FIELD",
        help=_(
            'Which field a column holds, e.g. "Your full name=name" (repeatable; the '
            "column by its header or number; fields: {fields})."
        ).format(fields=", ".join(FIELDS)),
    )
    @click.option(
        "--default-audience",
        type=click.Choice(list(ev.AUDIENCES)),
        default="other",
        help=_("Audience of rows that do not say."),
    )
    @common_options
    def import_(
        file, event_id, duplicates, delimiter, encoding, sheet, pairs, default_audience
    ) -> None:
        options = ImportOptions(
            duplicates=duplicates,
            delimiter=_delimiter(delimiter),
            encoding=encoding,
            sheet=sheet,
            default_audience=default_audience,
        )
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            mapping = _mapping(pairs, options, file)
            if mapping is not None:
                options = replace(options, mapping=mapping)
            try:
                report = import_attendees(store, event.id, file, options)
            except ValidationError as exc:
                raise (_with_map_hint(exc) if exc.field == "mapping" else exc) from None
        emit({"event_id": event.id, **report.as_dict()}, _summary(report))
        if report.rejected_rows:
            fail(
                ngettext(
                    "{n} row was rejected; the rows without problems were imported.",
                    "{n} rows were rejected; the rows without problems were imported.",
                    report.rejected_rows,
                ).format(n=current_formats().integer(report.rejected_rows)),
                code=REJECTED_ROWS_EXIT,
            )

    @attendees.command("list", help=_("List the event's attendees (or those matching TEXT)."))
    @click.argument("text", required=False)
    @event_option
    @common_options
    def list_(text, event_id) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            found = (
                at.search_attendees(store, event.id, text, limit=100)
                if text
                else at.list_attendees(store, event.id)
            )
            came = attendance.presence_by_attendee(store, event.id)
        emit(
            [{**a.as_dict(), **_checkin_fields(came.get(a.id))} for a in found],
            [_describe(a) + _checkin_text(came.get(a.id)) for a in found] or [_("No attendees.")],
        )

    @attendees.command("walk-in", help=_("Register someone who came without registering."))
    @click.argument("name")
    @click.option("--audience", required=True, type=click.Choice(list(ev.AUDIENCES)))
    @click.option("--organisation", default="")
    @click.option("--email")
    @click.option("--photo-consent", is_flag=True, help=_("May appear in photos."))
    @click.option("--contact-consent", is_flag=True, help=_("May be contacted afterwards."))
    @click.option(
        "--check-in",
        "admit",
        is_flag=True,
        help=_("Also give them a ticket and check them in, as the desk does."),
    )
    @click.option("--desk", default="", help=_("Name of this desk, e.g. B."))
    @event_option
    @common_options
    def walk_in(
        name, audience, organisation, email, photo_consent, contact_consent, admit, desk, event_id
    ) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            person = at.register_walk_in(
                store,
                event.id,
                name,
                audience,
                organisation,
                email,
                consent_photo=photo_consent,
                consent_contact=contact_consent,
            )
            if admit:
                report([CheckInDesk(store, event.id, desk).admit_walk_in(person.id)])
                return
        emit(person.as_dict(), _("Registered: {person}").format(person=_describe(person)))

    @attendees.command("group", help=_("Register a school class: teacher and pupils."))
    @click.option("--school", required=True)
    @click.option("--class", "class_name", required=True)
    @click.option("--teacher", required=True, help=_("The teacher's full name."))
    @click.option("--age-band", required=True, type=click.Choice(list(at.AGE_BANDS)))
    @click.option(
        "--child",
        "children",
        multiple=True,
        help=_("A child's first name or nickname (repeat for each)."),
    )
    @event_option
    @common_options
    def group_(school, class_name, teacher, age_band, children, event_id) -> None:
        with open_store() as store:
            event = ev.resolve_event(store, event_id)
            created = at.add_school_group(
                store, event.id, school, class_name, teacher, list(children), age_band
            )
        emit(
            created.as_dict(),
            ngettext(
                "Registered {school} {class_name}: a teacher and {count} pupil.",
                "Registered {school} {class_name}: a teacher and {count} pupils.",
                created.pupil_count,
            ).format(
                school=created.school, class_name=created.class_name, count=created.pupil_count
            ),
        )
