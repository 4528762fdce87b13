"""Importing attendees from a spreadsheet: all rows or none.

Rows are read, checked and de-duplicated one by one and staged in batches (a few hundred
rows per transaction, so check-ins at the door are never held up for long) in a temporary
table of the writer connection. Only when the whole file has been staged are the rows
published into ``attendees``, again a few hundred per transaction (:mod:`.staging`). A
cancel or a failure before that drops the staging table; one while publishing rolls back
what was published (:mod:`mscd_desktop.core.import_runs`), and so does the next start
after a crash.

Each row carries an ``import_key`` (a hash of its content and how often that content
occurred before it in the file), so importing the same file again adds nothing.
"""

from __future__ import annotations

import hashlib
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from mscd_desktop.core import attendees as at
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.events import AUDIENCES, audience_label, get_event
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.import_runs import recover_interrupted_imports
from mscd_desktop.core.importing.columns import (
    RowData,
    check_mapping,
    guess_mapping,
    is_known_header,
    read_row,
)
from mscd_desktop.core.importing.headers import family_name_first
from mscd_desktop.core.importing.reading import Table, delimiter_label, open_table
from mscd_desktop.core.importing.report import (
    DUPLICATE_POLICIES,
    ImportOptions,
    ImportReport,
    RowProblem,
    repeated_column_warnings,
)
from mscd_desktop.core.importing.staging import Staging
from mscd_desktop.core.store import Store
from mscd_desktop.i18n import _, ngettext

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


def read_file(
    path: Path | str, options: ImportOptions | None = None, preview_rows: int = 20
) -> Table:
    """Open *path* for a preview: format (with ``certain`` False when the delimiter must
    be asked), header, first rows and size. Raises ValidationError for unreadable files."""
    options = options or ImportOptions()
    return open_table(
        path,
        encoding=options.encoding,
        delimiter=options.delimiter,
        sheet=options.sheet,
        is_known=is_known_header,
        preview_rows=preview_rows,
        has_header=options.has_header,
    )


def row_content(data: RowData) -> str:
    """A row's content as one string, compared the way people read it."""
    return "\x1f".join(
        (
            at.fold(data.name),
            (data.email or "").lower(),
            at.fold(data.organisation),
            data.audience or "",
            data.age_band or "",
            data.role,
            str(data.consent_photo),
            str(data.consent_contact),
            data.notes.strip(),
        )
    )


def import_key(content: str, occurrence: int) -> str:
    """A stable key of a row's *content* and its occurrence number in the file."""
    return hashlib.sha256(f"{content}\x1f{occurrence}".encode()).hexdigest()[:32]


class _Importer:
    """One run of an import (single use)."""

    def __init__(
        self,
        store: Store,
        event_id: str,
        table: Table,
        mapping: dict[str, int],
        options: ImportOptions,
    ) -> None:
        self.store, self.event_id, self.table, self.options = store, event_id, table, options
        self.expected = set(get_event(store, event_id).audiences)
        self.report = ImportReport(format=table.format, mapping=mapping)
        self.mapping = mapping
        self.staging = Staging(store, event_id)
        self.pending: list[dict] = []
        self.new_ids: set[str] = set()
        self.existing_changes: dict[str, dict] = {}
        self.seen_content: Counter[str] = Counter()
        self.last_row = 0
        self.family_first = family_name_first(table.header, mapping)
        self.width = len(table.header) if table.has_header else 0  # cells a row may have
        self._load_existing()

    def _load_existing(self) -> None:
        self.by_email: dict[str, str] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        self.keys: set[str] = set()
        reader = self.store.open_reader()  # not the writer: check-ins go on meanwhile
        try:
            cursor = reader.execute(
                "SELECT id, email, name_fold, organisation_fold, import_key, role "
                "FROM attendees WHERE event_id = ? ORDER BY id",
                [self.event_id],
            )
            for attendee_id, email, name, organisation, key, role in cursor:
                self._remember(attendee_id, email, name, organisation, role)
                if key:
                    self.keys.add(key)
        finally:
            reader.close()

    def _remember(
        self, attendee_id: str, email: str | None, name: str, organisation: str, role: str
    ) -> None:
        if email:
            self.by_email.setdefault(email, attendee_id)
        if role != "pupil":  # two pupils called Lucía in one school are two children
            self.by_name.setdefault((name, organisation), attendee_id)

    # -- rows ---------------------------------------------------------------------------

    def handle(self, number: int, cells: list[str]) -> None:
        """Check one row and stage it, merge it or report why not."""
        self._report_blank_rows(number)
        self.report.rows += 1
        width = self.width
        if width and len(cells) > width and any(c.strip() for c in cells[width:]):
            self.report.rejected.append(
                RowProblem(
                    number,
                    "row",
                    ngettext(
                        "This row has {cells} cells but the header has {columns} column: "
                        "is a separator inside a value without quotes? The row was not "
                        "imported.",
                        "This row has {cells} cells but the header has {columns} columns: "
                        "is a separator inside a value without quotes? The row was not "
                        "imported.",
                        width,
                    ).format(
                        cells=current_formats().integer(len(cells)),
                        columns=current_formats().integer(width),
                    ),
                )
            )
            return
        data, errors, warnings = read_row(cells, self.mapping, self.family_first)
        stated = data.audience is not None
        self._default_audience(data)
        draft = at.AttendeeDraft(
            name=data.name,
            audience=data.audience,
            organisation=data.organisation,
            email=data.email,
            age_band=data.age_band,
            role=data.role,
            consent_photo=bool(data.consent_photo),
            consent_contact=bool(data.consent_contact),
            notes=data.notes,
            source="import",
        )
        errors = {**at.validate_draft(draft), **errors}
        errors.pop("source", None)
        self.report.warnings.extend(RowProblem(number, f, w) for f, w in warnings)
        if errors:
            self.report.rejected.extend(RowProblem(number, f, r) for f, r in errors.items())
            return
        if stated and self.expected and data.audience not in self.expected:
            self.report.warnings.append(
                RowProblem(
                    number,
                    "audience",
                    _("'{audience}' is not one of the audiences this event expects; kept.").format(
                        audience=audience_label(data.audience or "")
                    ),
                )
            )
        content = row_content(data)
        self.seen_content[content] += 1
        key = import_key(content, self.seen_content[content])
        if key in self.keys:
            self.report.already_imported += 1
            return
        target = self._duplicate_of(draft)
        if target is not None:
            self._duplicate(number, target, data)
            return
        self.keys.add(key)
        record = at.build_record(self.event_id, replace(draft, import_key=key))
        if record["flags"] != "[]":
            self.report.warnings.append(
                RowProblem(
                    number,
                    "name",
                    _("Looks like a spreadsheet formula; stored as plain text and flagged."),
                )
            )
        self.pending.append(record)
        self.new_ids.add(record["id"])
        self._remember(
            record["id"],
            record["email"],
            record["name_fold"],
            record["organisation_fold"],
            record["role"],
        )
        self.report.added += 1

    def _report_blank_rows(self, number: int) -> None:
        previous = self.last_row or self.table.header_row
        self.last_row = number
        if not previous or number <= previous + 1:
            return
        first, last = previous + 1, number - 1
        reason = (
            _("This row is empty; it was skipped.")
            if first == last
            else _("Rows {first} to {last} are empty; they were skipped.").format(
                first=first, last=last
            )
        )
        self.report.warnings.append(RowProblem(first, "row", reason))

    def _default_audience(self, data: RowData) -> None:
        if data.audience is None:
            data.audience = (
                "school_children"
                if data.role in ("pupil", "teacher")
                else self.options.default_audience
            )

    def _duplicate_of(self, draft: at.AttendeeDraft) -> str | None:
        email = at.clean_email(draft.email)
        if email and email in self.by_email:
            return self.by_email[email]
        if draft.role == "pupil":
            return None
        return self.by_name.get((at.fold(draft.name), at.fold(draft.organisation)))

    def _duplicate(self, number: int, target: str, data: RowData) -> None:
        if self.options.duplicates != "merge":
            self.report.duplicates_skipped += 1
            self.report.warnings.append(
                RowProblem(
                    number,
                    "name",
                    _(
                        "Duplicate of an attendee already known (same e-mail, or same name and "
                        "organisation); skipped."
                    ),
                )
            )
            return
        current = self._current(target)
        changes = _merge_changes(current, data)
        if not changes:  # nothing new about this person (e.g. the same file again)
            self.report.duplicates_skipped += 1
            return
        self._apply(target, changes)
        merged = {**current, **changes}  # later rows find the person by the new details too
        self._remember(
            target,
            merged["email"],
            merged["name_fold"],
            merged["organisation_fold"],
            merged["role"],
        )
        self.report.merged += 1

    def _current(self, attendee_id: str) -> dict:
        if attendee_id in self.existing_changes:
            return {**self._stored(attendee_id), **self.existing_changes[attendee_id]}
        for record in self.pending:
            if record["id"] == attendee_id:
                return record
        if attendee_id in self.new_ids:
            return self.staging.row(attendee_id)
        return self._stored(attendee_id)

    def _stored(self, attendee_id: str) -> dict:
        with self.store.read() as db:
            cursor = db.execute("SELECT * FROM attendees WHERE id = ?", [attendee_id])
            columns = [c[0] for c in cursor.description]
            return dict(zip(columns, cursor.fetchone(), strict=True))

    def _apply(self, attendee_id: str, changes: dict) -> None:
        if attendee_id not in self.new_ids:
            self.existing_changes.setdefault(attendee_id, {}).update(changes)
            return
        for record in self.pending:
            if record["id"] == attendee_id:
                record.update(changes)
                return
        self.staging.update(attendee_id, changes)

    # -- staging and publishing ---------------------------------------------------------

    def flush(self) -> None:
        """Stage the rows read since the last flush (one transaction)."""
        self.staging.add(self.pending)
        self.pending = []

    def publish(self, is_cancelled: Cancelled | None = None) -> bool:
        """Publish the staged rows and the merges (False: cancelled, nothing published)."""
        return self.staging.publish(self.existing_changes, is_cancelled)


def _merge_changes(current: dict, data: RowData) -> dict:
    """What *data* adds to the stored *current* row: blanks filled, consents as stated
    last, new notes appended."""
    new = {
        "organisation": data.organisation,
        "email": at.clean_email(data.email),
        "audience": data.audience,
        "age_band": data.age_band,
    }
    changes: dict = {}
    for name, value in new.items():
        if value and not current.get(name):
            changes[name] = value
    if "organisation" in changes:
        changes["organisation_fold"] = at.fold(changes["organisation"])
    for name in ("consent_photo", "consent_contact"):
        stated = getattr(data, name)
        if stated is not None and int(stated) != current.get(name):
            changes[name] = int(stated)
    notes = data.notes.strip()
    if notes and notes not in (current.get("notes") or ""):
        changes["notes"] = ((current.get("notes") or "") + "\n" + notes).strip()
    return changes


# While an import runs, the interpreter hands the GIL over every 1 ms instead of every
# 5 ms: the thread serving the door (the GUI thread in the app) needs it back after each
# of its SQLite calls, and waiting 5 ms each time added up to tens of ms per check-in.
# (0.2 ms shortened the waits a little more but made an XLSX import twice as slow.)
SWITCH_INTERVAL = 0.001
_switch_lock = threading.Lock()
_switch_users = 0
_switch_saved = 0.0


@contextmanager
def _quick_thread_switches() -> Iterator[None]:
    global _switch_users, _switch_saved
    with _switch_lock:
        if _switch_users == 0:
            _switch_saved = sys.getswitchinterval()
            sys.setswitchinterval(min(_switch_saved, SWITCH_INTERVAL))
        _switch_users += 1
    try:
        yield
    finally:
        with _switch_lock:
            _switch_users -= 1
            if _switch_users == 0:
                sys.setswitchinterval(_switch_saved)


def import_attendees(
    store: Store,
    event_id: str,
    path: Path | str,
    options: ImportOptions | None = None,
    progress: Progress | None = None,
    is_cancelled: Cancelled | None = None,
) -> ImportReport:
    """Import attendees from *path* (CSV or XLSX) into the event: all accepted rows or,
    when cancelled or failing, none. ``progress(done, total)`` follows the rows
    (``total`` 0 when unknown); ``is_cancelled()`` is asked between batches."""
    with _quick_thread_switches():
        return _import(store, event_id, path, options, progress, is_cancelled)


def _import(
    store: Store,
    event_id: str,
    path: Path | str,
    options: ImportOptions | None,
    progress: Progress | None,
    is_cancelled: Cancelled | None,
) -> ImportReport:
    options = options or ImportOptions()
    _check_options(options)
    get_event(store, event_id)
    recover_interrupted_imports(store)
    table = read_file(path, options)
    if table.format.kind == "csv" and not table.format.certain:
        raise ValidationError(
            _(
                "Cannot tell how the columns are separated: {choices}. Say which one (--delimiter)."
            ).format(choices=", ".join(delimiter_label(d) for d in table.format.candidates)),
            field="delimiter",
        )
    if table.total == 0:
        raise ValidationError(
            _("{name} has column names but no rows of attendees.").format(name=Path(path).name),
            field="file",
        )
    mapping = (
        options.mapping
        if options.mapping is not None
        else guess_mapping(table.header, table.preview)
    )
    check_mapping(mapping, table.header)
    importer = _Importer(store, event_id, table, mapping, options)
    importer.report.warnings.extend(repeated_column_warnings(table, mapping))
    total = table.total or 0
    importer.staging.create()
    try:
        for number, cells in table.rows():
            importer.handle(number, cells)
            if importer.report.rows % options.batch_size == 0:
                importer.flush()
                if progress:
                    progress(importer.report.rows, max(total, importer.report.rows))
                if is_cancelled and is_cancelled():
                    return _cancelled(importer.report)
        importer.flush()
        if (is_cancelled and is_cancelled()) or not importer.publish(is_cancelled):
            return _cancelled(importer.report)
    finally:
        importer.staging.drop()
    if progress:
        progress(importer.report.rows, importer.report.rows)
    return importer.report


def _cancelled(report: ImportReport) -> ImportReport:
    report.cancelled = True
    report.added = report.merged = 0
    return report


def _check_options(options: ImportOptions) -> None:
    if options.duplicates not in DUPLICATE_POLICIES:
        raise ValidationError(
            _("Duplicates are either skipped or merged, not '{policy}'.").format(
                policy=options.duplicates
            ),
            field="duplicates",
        )
    if options.default_audience not in AUDIENCES:
        raise ValidationError(
            _("Unknown audience '{audience}'. Choose from: {known}.").format(
                audience=options.default_audience, known=", ".join(AUDIENCES)
            ),
            field="audience",
        )
    if options.batch_size < 1:
        raise ValidationError(_("The batch size must be at least 1."), field="batch_size")
