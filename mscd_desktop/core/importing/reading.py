"""Reading a registration spreadsheet: CSV in whatever dialect it came in, or XLSX.

CSV files come from Excel in every European locale, from Google Forms, LibreOffice and
ticket shops: comma, semicolon or tab separated (semicolon where the decimal mark is a
comma), a single column, UTF-8 with or without BOM, UTF-16 ("Unicode text" from Excel) or
a legacy Windows code page (1252, not Latin-1: € is 0x80 there; 1250, 1257, 1253 or
1251 in Central Europe, the Baltics, Greece and Bulgaria: see :mod:`.codepages`).
``csv.Sniffer`` guesses poorly on such files, so each candidate delimiter is scored on how
consistently it splits the records and how many header cells it turns into known column
names; when two delimiters are equally plausible the result says so (``certain`` False)
and the caller asks the person.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.importing.codepages import guess_code_page
from mscd_desktop.i18n import _

CANDIDATE_DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
SINGLE_COLUMN = ""  # the delimiter of a file with one column
SAMPLE_RECORDS = 60
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_SEP_HINT = re.compile(r"^sep=([,;\t|])\r?\n", re.IGNORECASE)


@dataclass(frozen=True)
class SourceFormat:
    """How a file was (or is to be) read."""

    kind: str  # "csv" or "xlsx"
    encoding: str | None = None
    delimiter: str | None = None  # SINGLE_COLUMN for one column
    certain: bool = True  # False: the delimiter is a guess among ``candidates``
    candidates: tuple[str, ...] = ()
    sheet: str | None = None
    sheets: tuple[str, ...] = ()


@dataclass
class Table:
    """A file's records: the header (unless ``has_header`` is False) and the data rows."""

    format: SourceFormat
    records: Callable[[], Iterator[tuple[int, list[str]]]]  # non-empty records, numbered
    sample: list[list[str]]  # the first records, header included
    record_count: int | None = None
    has_header: bool = True
    header_row: int = 0  # the header's row number, known once rows() has started

    @property
    def header(self) -> list[str]:
        """Column names: the first record, or "Column 1", "Column 2"... without a header.

        Every name is unique: a name used before gets its column number ("E-mail (column
        4)"), so that each column can be shown and mapped.
        """
        if not (self.has_header and self.sample):
            width = max((len(r) for r in self.sample), default=0)
            return [_("Column {number}").format(number=i + 1) for i in range(width)]
        names: list[str] = []
        for number, cell in enumerate(self.sample[0], start=1):
            name = cell.strip()
            if name and name.casefold() in {n.casefold() for n in names}:
                name = _("{name} (column {number})").format(name=name, number=number)
            names.append(name)
        return names

    def repeated_columns(self) -> list[list[int]]:
        """Indexes of header names used more than once, one list per name."""
        if not (self.has_header and self.sample):
            return []
        seen: dict[str, list[int]] = {}
        for index, cell in enumerate(self.sample[0]):
            if cell.strip():
                seen.setdefault(cell.strip().casefold(), []).append(index)
        return [indexes for indexes in seen.values() if len(indexes) > 1]

    @property
    def preview(self) -> list[list[str]]:
        """The first data rows."""
        return self.sample[1:] if self.has_header else list(self.sample)

    @property
    def total(self) -> int | None:
        """How many data rows there are (None when the file does not say)."""
        if self.record_count is None:
            return None
        return max(self.record_count - (1 if self.has_header else 0), 0)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(row_number, cells)`` of every non-empty data row, numbered as a spreadsheet
        shows them (the header is row 1)."""
        records = self.records()
        if self.has_header:
            header = next(records, None)
            self.header_row = header[0] if header else 0
        yield from records


def delimiter_label(delimiter: str | None) -> str:
    """A person's name for *delimiter*."""
    names = {
        ",": _("comma"),
        ";": _("semicolon"),
        "\t": _("tab"),
        "|": _("vertical bar"),
        SINGLE_COLUMN: _("single column"),
    }
    return names.get(delimiter or "", repr(delimiter))


# -- text ---------------------------------------------------------------------------------


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of *data* and the encoding used: the one given, else UTF-8 (BOM or not),
    UTF-16 with a BOM, or Windows-1252. Raises ValidationError when none fits."""
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise ValidationError(
                _(
                    "The file cannot be read as {encoding} ({error}). Choose another encoding."
                ).format(encoding=encoding, error=exc),
                field="encoding",
            ) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    head = data[:4096]
    for codec, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if len(zeros) > 8 and zeros.count(0) > 0.9 * len(zeros):  # UTF-16 without a BOM
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                break
    if b"\x00" in head:
        raise ValidationError(
            _("This is not a text (CSV) file: it contains binary data. Save it as CSV or XLSX."),
            field="file",
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    code_page = guess_code_page(data)
    try:
        return data.decode(code_page or "cp1252"), code_page or "cp1252"
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _(
                "The file is neither UTF-8 nor Windows-1252 text (byte {byte} at position "
                "{position}). Save it as CSV UTF-8, or choose its encoding."
            ).format(byte=hex(data[exc.start]), position=exc.start),
            field="encoding",
        ) from exc


def _records(text: str, delimiter: str, limit: int | None = None) -> list[list[str]]:
    if delimiter == SINGLE_COLUMN:
        reader: Iterator[list[str]] = csv.reader(io.StringIO(text), delimiter="\x1f")
    else:
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    out: list[list[str]] = []
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                out.append(record)
            if limit is not None and len(out) >= limit:
                break
    except csv.Error:
        return out
    return out


@dataclass(frozen=True)
class _Score:
    delimiter: str
    columns: int
    consistency: float
    header_hits: int

    @property
    def plausible(self) -> bool:
        # A header we know carries more weight than a ragged row or two (which are
        # reported by themselves when the rows are read).
        needed = 0.5 if self.header_hits else 0.8
        return self.columns >= 2 and self.consistency >= needed


def _score(text: str, delimiter: str, is_known: Callable[[str], bool]) -> _Score:
    records = _records(text, delimiter, SAMPLE_RECORDS)
    if not records:
        return _Score(delimiter, 0, 0.0, 0)
    header_hits = sum(1 for cell in records[0] if is_known(cell))
    if header_hits:  # the header says how many columns there are
        columns = len(records[0])
        rows = records[1:] or records
        hits = sum(1 for r in rows if len(r) == columns)
        return _Score(delimiter, columns, hits / len(rows), header_hits)
    columns, hits = Counter(len(r) for r in records).most_common(1)[0]
    return _Score(delimiter, columns, hits / len(records), header_hits)


def _sniffed(text: str) -> str | None:
    try:
        return csv.Sniffer().sniff(text[:8192], delimiters="".join(CANDIDATE_DELIMITERS)).delimiter
    except csv.Error:
        return None


def detect_delimiter(text: str, is_known: Callable[[str], bool]) -> tuple[str, bool, tuple]:
    """The most plausible delimiter of *text*, whether that is certain, and the candidates.

    *is_known* tells a recognised column name; a delimiter that turns the first record
    into known names wins over one that merely splits consistently.
    """
    scores = [_score(text, d, is_known) for d in CANDIDATE_DELIMITERS]
    plausible = sorted(
        (s for s in scores if s.plausible),
        key=lambda s: (s.header_hits, s.consistency, s.columns),
        reverse=True,
    )
    single = _score(text, SINGLE_COLUMN, is_known)
    if not plausible:
        return SINGLE_COLUMN, True, (SINGLE_COLUMN,)
    best = plausible[0]
    candidates = tuple(s.delimiter for s in plausible)
    if best.header_hits and best.header_hits >= 2 * single.header_hits:
        runner_up = plausible[1] if len(plausible) > 1 else None
        certain = runner_up is None or runner_up.header_hits < best.header_hits
        return best.delimiter, certain, candidates
    if single.header_hits:  # "Name" over "García, Ana" rows: one column with commas in it
        return SINGLE_COLUMN, True, (SINGLE_COLUMN, *candidates)
    # No header we know: trust the split only when one delimiter is clearly better.
    sniffed = _sniffed(text)
    runner_up = plausible[1] if len(plausible) > 1 else None
    clear = runner_up is None or (best.consistency > runner_up.consistency)
    certain = clear and best.consistency == 1.0 and sniffed in (None, best.delimiter)
    return best.delimiter, certain, (*candidates, SINGLE_COLUMN)


# -- files --------------------------------------------------------------------------------


def _check_kind(path: Path, head: bytes) -> str:
    if head.startswith(_OLE_MAGIC):
        raise ValidationError(
            _(
                "{name} is an old Excel (.xls) workbook. Save it as .xlsx or CSV and import that."
            ).format(name=path.name),
            field="file",
        )
    if head.startswith(_ZIP_MAGIC):
        return "xlsx"
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise ValidationError(
            _("{name} is not a valid XLSX workbook.").format(name=path.name), field="file"
        )
    return "csv"


def open_table(
    path: Path | str,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    is_known: Callable[[str], bool] = lambda _cell: False,
    preview_rows: int = 20,
    has_header: bool = True,
) -> Table:
    """Read *path* (CSV or XLSX) far enough to know its header, format and size.

    *encoding*, *delimiter* (``SINGLE_COLUMN`` for one column) and *sheet* override what
    is detected; *has_header* False reads the first row as data. Raises ValidationError
    for files that cannot be read at all.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ValidationError(
            _("Cannot open {path}: {error}").format(path=path, error=exc.strerror or exc),
            field="file",
        ) from exc
    if not head:
        raise ValidationError(_("{name} is empty.").format(name=path.name), field="file")
    if _check_kind(path, head) == "xlsx":
        from mscd_desktop.core.importing.xlsx import open_xlsx

        return open_xlsx(path, sheet=sheet, preview_rows=preview_rows, has_header=has_header)
    return _open_csv(path, encoding, delimiter, is_known, preview_rows, has_header)


def _open_csv(
    path: Path,
    encoding: str | None,
    delimiter: str | None,
    is_known: Callable[[str], bool],
    preview_rows: int,
    has_header: bool,
) -> Table:
    text, used = decode(path.read_bytes(), encoding)
    if not text.strip():
        raise ValidationError(_("{name} has no rows.").format(name=path.name), field="file")
    hinted = _SEP_HINT.match(text)
    if hinted:  # Excel's "sep=;" first line: it names the separator and is not a row
        text = text[hinted.end() :]
    if delimiter is None and hinted:
        delimiter = hinted.group(1)
    if delimiter is None:
        delimiter, certain, candidates = detect_delimiter(text, is_known)
    else:
        certain, candidates = True, (delimiter,)
    fmt = SourceFormat(
        kind="csv", encoding=used, delimiter=delimiter, certain=certain, candidates=candidates
    )

    def records() -> Iterator[tuple[int, list[str]]]:
        real = "\x1f" if delimiter == SINGLE_COLUMN else delimiter
        reader = csv.reader(io.StringIO(text), delimiter=real)
        number = 0
        try:
            for number, record in enumerate(reader, start=1):
                if any(cell.strip() for cell in record):
                    yield number, record
        except csv.Error as exc:
            raise ValidationError(
                _("Row {row}: the file is malformed here ({error}).").format(
                    row=number + 1, error=exc
                ),
                field="file",
            ) from exc

    sample = _records(text, delimiter, preview_rows + 1)
    count = sum(1 for _record in records())
    return Table(
        format=fmt, records=records, sample=sample, record_count=count, has_header=has_header
    )
