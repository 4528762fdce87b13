"""Importing attendees from CSV and XLSX files (see :mod:`.run` for the guarantees)."""

from mscd_desktop.core.importing.headers import (
    FIELDS,
    guess_mapping,
    mapping_from_names,
    mapping_from_pairs,
)
from mscd_desktop.core.importing.reading import (
    CANDIDATE_DELIMITERS,
    SINGLE_COLUMN,
    SourceFormat,
    Table,
    delimiter_label,
)
from mscd_desktop.core.importing.report import (
    DUPLICATE_POLICIES,
    ImportOptions,
    ImportReport,
    RowProblem,
)
from mscd_desktop.core.importing.run import import_attendees, read_file

__all__ = [
    "CANDIDATE_DELIMITERS",
    "DUPLICATE_POLICIES",
    "FIELDS",
    "SINGLE_COLUMN",
    "ImportOptions",
    "ImportReport",
    "RowProblem",
    "SourceFormat",
    "Table",
    "delimiter_label",
    "guess_mapping",
    "import_attendees",
    "mapping_from_names",
    "mapping_from_pairs",
    "read_file",
]
