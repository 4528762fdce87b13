"""The import dialog: a spreadsheet of registrations in three steps.

1. *Source*: choose the file; its format is detected and the first rows are previewed.
   When the separator cannot be told (``SourceFormat.certain`` False) the dialog asks.
2. *Columns*: which column holds what (guessed from the header names), what to do with
   people already known, the audience of rows that do not say.
3. *Import*: runs off the GUI thread with a progress bar and Cancel (nothing is imported
   when cancelled), then lists every rejected row with its field and reason.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.importing import (
    FIELDS,
    SINGLE_COLUMN,
    ImportOptions,
    ImportReport,
    SourceFormat,
    Table,
    delimiter_label,
    guess_mapping,
    import_attendees,
    read_file,
)
from mscd_desktop.core.importing.columns import check_mapping
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.gui.common.workers import TaskHandle, run_task
from mscd_desktop.i18n import _, ngettext

PAGE_SOURCE, PAGE_MAPPING, PAGE_RESULT = range(3)
PREVIEW_ROWS = 20
_ENCODINGS = (
    ("utf-8", "UTF-8"),
    ("cp1252", "Windows-1252"),
    ("cp1250", "Windows-1250"),
    ("cp1257", "Windows-1257"),
    ("cp1253", "Windows-1253"),
    ("cp1251", "Windows-1251"),
    ("utf-16", "UTF-16"),
    ("iso-8859-15", "ISO-8859-15"),
)


class ImportDialog(QDialog):
    """Import attendees into the current event; emits ``attendees_imported``."""

    attendees_imported = Signal(object)  # the core.importing.ImportReport

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, path: Path | str | None = None
    ) -> None:
        super().__init__(parent)
        if context.event is None:
            raise MscdError(_("Open an event first."))
        self.context = context
        self.event_id = context.event.id
        self.path: Path | None = None
        self.table: Table | None = None
        self.report: ImportReport | None = None
        self.batch_size = 500
        self._task: TaskHandle | None = None
        self._reading = 0  # generation of the latest read, so stale previews are dropped
        self._close_when_done = False
        self.ui = embed_form(self, "checkin/import_dialog", margin=12)
        self._fill_choices(context.event)
        self.mapping_combos: dict[str, QComboBox] = {}
        self._build_mapping_combos()
        self._connect()
        self._show_page(PAGE_SOURCE)
        if path is not None:
            self.load_file(path)

    # -- set-up ---------------------------------------------------------------------------

    def _fill_choices(self, event: ev.Event) -> None:
        self.ui.delimiterCombo.addItem(_("Detect"), None)
        for delimiter in (",", ";", "\t", "|", SINGLE_COLUMN):
            self.ui.delimiterCombo.addItem(delimiter_label(delimiter), delimiter)
        self.ui.encodingCombo.addItem(_("Detect"), None)
        for code, name in _ENCODINGS:
            self.ui.encodingCombo.addItem(name, code)
        codes = list(dict.fromkeys([*event.audiences, "other"]))
        for code in codes:
            self.ui.audienceCombo.addItem(ev.audience_label(code), code)
        preferred = "citizens" if "citizens" in codes else "other"
        self.ui.audienceCombo.setCurrentIndex(self.ui.audienceCombo.findData(preferred))

    def _build_mapping_combos(self) -> None:
        for index, (name, label) in enumerate(FIELDS.items()):
            caption = QLabel(_(label) + ":", self.ui.mappingBox)
            combo = QComboBox(self.ui.mappingBox)
            combo.setObjectName(f"map_{name}")
            caption.setBuddy(combo)
            row, column = index % 6, (index // 6) * 2
            self.ui.mappingGrid.addWidget(caption, row, column)
            self.ui.mappingGrid.addWidget(combo, row, column + 1)
            self.mapping_combos[name] = combo

    def _connect(self) -> None:
        self.ui.browseButton.clicked.connect(self.choose_file)
        for combo in (self.ui.delimiterCombo, self.ui.encodingCombo, self.ui.sheetCombo):
            combo.activated.connect(self._on_format_choice_activated)
        self.ui.headerCheck.toggled.connect(self._on_format_choice_activated)
        self.ui.backButton.clicked.connect(lambda: self._show_page(PAGE_SOURCE))
        self.ui.nextButton.clicked.connect(self._on_next_clicked)
        self.ui.importButton.clicked.connect(self.start_import)
        self.ui.cancelButton.clicked.connect(self._on_cancel_clicked)
        self.ui.closeButton.clicked.connect(self.accept)

    def _show_page(self, page: int) -> None:
        self.ui.pages.setCurrentIndex(page)
        titles = {
            PAGE_SOURCE: _("Step 1 of 3: the file"),
            PAGE_MAPPING: _("Step 2 of 3: columns and duplicates"),
            PAGE_RESULT: _("Step 3 of 3: import"),
        }
        self.ui.stepLabel.setText(titles[page])
        self._update_buttons()

    def _update_buttons(self) -> None:
        page = self.ui.pages.currentIndex()
        running = self._task is not None
        finished = self.report is not None and not running
        self.ui.backButton.setVisible(page == PAGE_MAPPING)
        self.ui.nextButton.setVisible(page == PAGE_SOURCE)
        self.ui.nextButton.setEnabled(self.ready_for_mapping())
        self.ui.importButton.setVisible(page == PAGE_MAPPING)
        self.ui.cancelButton.setVisible(not finished)
        self.ui.closeButton.setVisible(finished)
        (
            self.ui.closeButton
            if finished
            else self.ui.importButton
            if page == PAGE_MAPPING
            else self.ui.nextButton
        ).setDefault(True)

    # -- step 1: the file -------------------------------------------------------------------

    def choose_file(self) -> None:
        """Ask for the file to import."""
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("Choose a file to import"),
            "",
            _("Spreadsheets (*.csv *.tsv *.txt *.xlsx);;All files (*)"),
        )
        if path:
            self.load_file(path)

    def load_file(self, path: Path | str) -> None:
        """Read *path* (off the GUI thread) with the format detected, and preview it."""
        self.path = Path(path)
        self.ui.fileEdit.setText(str(self.path))
        for combo in (self.ui.delimiterCombo, self.ui.encodingCombo):
            combo.setCurrentIndex(0)
        self.ui.sheetCombo.clear()
        self.ui.headerCheck.setChecked(True)
        self._read()

    def source_options(self) -> ImportOptions:
        """How to read the file, as chosen (None where detection decides)."""
        return ImportOptions(
            delimiter=self.ui.delimiterCombo.currentData(),
            encoding=self.ui.encodingCombo.currentData(),
            sheet=self.ui.sheetCombo.currentText() or None,
            has_header=self.ui.headerCheck.isChecked(),
        )

    def _on_format_choice_activated(self, *_args: object) -> None:
        if self.path is not None:
            self._read()

    def _read(self) -> None:
        self._reading += 1
        generation, path, options = self._reading, self.path, self.source_options()
        self.table = None
        self.ui.formatLabel.setText(_("Reading {name}…").format(name=path.name))
        self.ui.dialectWarning.hide()
        self._update_buttons()
        run_task(
            lambda _progress, _cancelled: read_file(path, options, PREVIEW_ROWS),
            on_done=lambda table: self._on_read_done(generation, table),
            on_error=lambda exc: self._on_read_failed(generation, exc),
        )

    def _on_read_done(self, generation: int, table: Table) -> None:
        if generation != self._reading:
            return
        self.table = table
        fmt = table.format
        self.ui.formatLabel.setText(describe_format(fmt, table.total))
        uncertain = fmt.kind == "csv" and not fmt.certain
        self.ui.dialectWarning.setVisible(uncertain)
        if uncertain:
            self.ui.dialectWarning.setText(
                _(
                    "Cannot tell how the columns are separated ({choices}). The preview shows "
                    "the best guess; choose the separator above."
                ).format(choices=", ".join(delimiter_label(d) for d in fmt.candidates))
            )
        is_csv = fmt.kind == "csv"
        for widget in (
            self.ui.delimiterLabel,
            self.ui.delimiterCombo,
            self.ui.encodingLabel,
            self.ui.encodingCombo,
        ):
            widget.setVisible(is_csv)
        for widget in (self.ui.sheetLabel, self.ui.sheetCombo):
            widget.setVisible(not is_csv)
        if not is_csv and self.ui.sheetCombo.count() != len(fmt.sheets):
            self.ui.sheetCombo.clear()
            self.ui.sheetCombo.addItems(list(fmt.sheets))
            self.ui.sheetCombo.setCurrentText(fmt.sheet or "")
        fill_table(self.ui.previewTable, table.header, table.preview)
        first = 2 if table.has_header else 1  # row numbers as the spreadsheet shows them
        self.ui.previewTable.setVerticalHeaderLabels(
            [str(first + i) for i in range(len(table.preview))]
        )
        self._fill_mapping(table)
        self._update_buttons()

    def _on_read_failed(self, generation: int, error: BaseException) -> None:
        if generation != self._reading:
            return
        self.table = None
        self.ui.formatLabel.setText("")
        self.ui.dialectWarning.setText(
            str(error)
            if isinstance(error, MscdError)
            else _("The file cannot be read: {error}").format(error=error)
        )
        self.ui.dialectWarning.show()
        fill_table(self.ui.previewTable, [], [])
        self._update_buttons()

    def ready_for_mapping(self) -> bool:
        """Whether the file is read and its format settled."""
        if self.table is None:
            return False
        fmt = self.table.format
        return fmt.kind != "csv" or fmt.certain

    def _on_next_clicked(self) -> None:
        if self.ready_for_mapping():
            self._show_page(PAGE_MAPPING)

    # -- step 2: columns --------------------------------------------------------------------

    def _fill_mapping(self, table: Table) -> None:
        guessed = guess_mapping(table.header, table.preview) if table.has_header else {}
        for name, combo in self.mapping_combos.items():
            combo.clear()
            combo.addItem(_("(not in the file)"), None)
            for index, column in enumerate(table.header):
                combo.addItem(
                    _("Column {number}: {name}").format(number=index + 1, name=column), index
                )
            combo.setCurrentIndex(combo.findData(guessed[name]) if name in guessed else 0)

    def mapping(self) -> dict[str, int]:
        """Field -> column index, as chosen."""
        return {
            name: combo.currentData()
            for name, combo in self.mapping_combos.items()
            if combo.currentData() is not None
        }

    def import_options(self) -> ImportOptions:
        """Everything chosen in steps 1 and 2."""
        source = self.source_options()
        fmt = self.table.format if self.table else SourceFormat(kind="csv")
        return ImportOptions(
            mapping=self.mapping(),
            duplicates="merge" if self.ui.mergeRadio.isChecked() else "skip",
            default_audience=self.ui.audienceCombo.currentData(),
            encoding=source.encoding or fmt.encoding,
            delimiter=source.delimiter if source.delimiter is not None else fmt.delimiter,
            sheet=source.sheet,
            has_header=source.has_header,
            batch_size=self.batch_size,
        )

    # -- step 3: import ---------------------------------------------------------------------

    def start_import(self) -> None:
        """Check the mapping, then import off the GUI thread."""
        if self.table is None or self.path is None or self._task is not None:
            return
        options = self.import_options()
        try:
            check_mapping(options.mapping or {}, self.table.header)
        except ValidationError as exc:
            self.ui.mappingError.setText(exc.message)
            self.ui.mappingError.show()
            return
        self.ui.mappingError.hide()
        self.report = None
        self.ui.progressBar.setRange(0, max(self.table.total or 0, 0))
        self.ui.progressBar.setValue(0)
        self.ui.summaryLabel.setText(_("Importing…"))
        fill_table(self.ui.reportTable, [], [])
        store, event_id, path = self.context.store, self.event_id, self.path
        self._task = run_task(
            lambda progress, cancelled: import_attendees(
                store, event_id, path, options, progress, cancelled
            ),
            on_done=self._on_import_done,
            on_error=self._on_import_failed,
            on_progress=self._on_import_progress,
        )
        self._show_page(PAGE_RESULT)

    def _on_import_progress(self, done: int, total: int, _text: str = "") -> None:
        if total:
            self.ui.progressBar.setRange(0, total)
        self.ui.progressBar.setValue(done)
        self.ui.summaryLabel.setText(
            ngettext(
                "Importing… {done} of {total} row", "Importing… {done} of {total} rows", total or 2
            ).format(
                done=current_formats().integer(done),
                total=current_formats().integer(total) if total else "?",
            )
        )

    def _on_import_done(self, report: ImportReport) -> None:
        self._task = None
        self.report = report
        self.ui.progressBar.setRange(0, 1)
        self.ui.progressBar.setValue(0 if report.cancelled else 1)
        self.ui.summaryLabel.setText(report.summary())
        rows = [
            [str(p.row), field_label(p.field), _("rejected"), p.reason] for p in report.rejected
        ]
        rows += [[str(p.row), field_label(p.field), _("kept"), p.reason] for p in report.warnings]
        rows.sort(key=lambda r: int(r[0]))
        fill_table(self.ui.reportTable, [_("Row"), _("Field"), _("Outcome"), _("Reason")], rows)
        self.ui.reportTable.verticalHeader().hide()
        self._update_buttons()
        if not report.cancelled:
            self.attendees_imported.emit(report)
        if self._close_when_done:
            super().reject()

    def _on_import_failed(self, error: BaseException) -> None:
        self._task = None
        self.ui.summaryLabel.setText(
            _("The import failed and nothing was imported: {error}").format(error=error)
        )
        self._show_page(PAGE_MAPPING)
        self.ui.mappingError.setText(self.ui.summaryLabel.text())
        self.ui.mappingError.show()
        if self._close_when_done:
            super().reject()

    def cancel_import(self) -> None:
        """Ask the running import to stop; nothing of it will be stored."""
        if self._task is not None:
            self._task.cancel()
            self.ui.summaryLabel.setText(_("Cancelling…"))

    def _on_cancel_clicked(self) -> None:
        if self._task is not None:
            self.cancel_import()  # stay open to say that nothing was imported
        else:
            self.reject()

    def reject(self) -> None:
        """Cancel a running import (the dialog closes once it stopped), else close."""
        if self._task is not None:
            self._close_when_done = True
            self.cancel_import()
            return
        super().reject()


def describe_format(fmt: SourceFormat, total: int | None) -> str:
    """What was detected about a file, in a sentence."""
    rows = (
        ngettext("{count} row", "{count} rows", total).format(
            count=current_formats().integer(total)
        )
        if total is not None
        else _("rows: unknown")
    )
    if fmt.kind == "xlsx":
        return _("Excel workbook, sheet '{sheet}', {rows}.").format(sheet=fmt.sheet, rows=rows)
    return _("CSV text in {encoding}, columns separated by {delimiter}, {rows}.").format(
        encoding=fmt.encoding, delimiter=delimiter_label(fmt.delimiter), rows=rows
    )


def field_label(name: str) -> str:
    """The translated name of an attendee field."""
    extra = {"file": _("File"), "age": _("Age"), "row": _("Whole row")}
    return _(FIELDS[name]) if name in FIELDS else extra.get(name, name)


def fill_table(widget: QTableWidget, header: list[str], rows: list[list[str]]) -> None:
    """Show *rows* under *header* in *widget* (cells as plain text, never evaluated)."""
    widget.clear()
    widget.setColumnCount(len(header))
    widget.setRowCount(len(rows))
    widget.setHorizontalHeaderLabels(header)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells[: len(header)]):
            item = QTableWidgetItem(text.replace("\n", " ⏎ "))
            item.setToolTip(text)
            widget.setItem(r, c, item)
    widget.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    widget.resizeColumnsToContents()
    if header:
        widget.horizontalHeader().setStretchLastSection(True)
