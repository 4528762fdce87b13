"""What an import is told (:class:`ImportOptions`) and what it answers (:class:`ImportReport`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.importing.reading import SourceFormat, Table
from mscd_desktop.i18n import _, ngettext

DUPLICATE_POLICIES = ("skip", "merge")


@dataclass(frozen=True)
class ImportOptions:
    """How to read the file and what to do with duplicates."""

    mapping: dict[str, int] | None = None  # field -> column index; None: from the header
    duplicates: str = "skip"  # "skip" keeps the stored person, "merge" fills their blanks
    default_audience: str = "other"
    encoding: str | None = None
    delimiter: str | None = None  # reading.SINGLE_COLUMN for one column
    sheet: str | None = None
    has_header: bool = True
    batch_size: int = 500


@dataclass(frozen=True)
class RowProblem:
    """What is wrong (or worth a look) in one row of the file."""

    row: int
    field: str
    reason: str


@dataclass
class ImportReport:
    """The outcome of an import."""

    format: SourceFormat
    mapping: dict[str, int]
    rows: int = 0
    added: int = 0
    merged: int = 0
    duplicates_skipped: int = 0
    already_imported: int = 0
    rejected: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    cancelled: bool = False

    @property
    def rejected_rows(self) -> int:
        """How many rows were refused (a row may have several problems)."""
        return len({p.row for p in self.rejected})

    def summary(self) -> str:
        """One sentence saying what happened, for people."""
        number = current_formats().integer
        if self.cancelled:
            return ngettext(
                "The import was cancelled after {rows} row; nothing was imported.",
                "The import was cancelled after {rows} rows; nothing was imported.",
                self.rows,
            ).format(rows=number(self.rows))
        return ngettext(
            "{rows} row read: {added} added, {merged} merged, {skipped} duplicates "
            "skipped, {again} already imported, {rejected} rejected.",
            "{rows} rows read: {added} added, {merged} merged, {skipped} duplicates "
            "skipped, {again} already imported, {rejected} rejected.",
            self.rows,
        ).format(
            rows=number(self.rows),
            added=number(self.added),
            merged=number(self.merged),
            skipped=number(self.duplicates_skipped),
            again=number(self.already_imported),
            rejected=number(self.rejected_rows),
        )

    def as_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "format": asdict(self.format),
            "mapping": self.mapping,
            "rows": self.rows,
            "added": self.added,
            "merged": self.merged,
            "duplicates_skipped": self.duplicates_skipped,
            "already_imported": self.already_imported,
            "rejected_rows": self.rejected_rows,
            "rejected": [asdict(p) for p in self.rejected],
            "warnings": [asdict(p) for p in self.warnings],
            "cancelled": self.cancelled,
        }


def _numbers(indexes: list[int]) -> str:
    numbers = [str(i + 1) for i in indexes]
    if len(numbers) == 1:
        return numbers[0]
    return _("{first} and {last}").format(first=", ".join(numbers[:-1]), last=numbers[-1])


def repeated_column_warnings(table: Table, mapping: dict[str, int]) -> list[RowProblem]:
    """One warning per header name used by several columns when only some were imported."""
    used = set(mapping.values())
    warnings = []
    for indexes in table.repeated_columns():
        imported = [i for i in indexes if i in used]
        left = [i for i in indexes if i not in used]
        if not imported or not left:
            continue
        warnings.append(
            RowProblem(
                1,
                table.header[indexes[0]],
                _(
                    "The columns {columns} have the same name: column {imported} was "
                    "imported, column {left} was not imported. To import another one, map "
                    "it by hand ('{alias}')."
                ).format(
                    columns=_numbers(indexes),
                    imported=_numbers(imported),
                    left=_numbers(left),
                    alias=table.header[left[0]],
                ),
            )
        )
    return warnings
