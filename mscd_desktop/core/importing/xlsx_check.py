"""Looking inside an XLSX before openpyxl does: bounded unpacked size, no DTDs, row counts.

An XLSX is a zip of XML parts. A part of a few hundred kilobytes can unpack to
gigabytes (a zip bomb), and openpyxl reads some parts (shared strings, styles) whole
into memory; a part can declare entities that expand a billion times. So before
openpyxl opens the file, the zip's directory is checked (each part's size and
compression ratio, the total), then every XML part is streamed once, within those
bounds (``zipfile`` stops at the declared size and checks the CRC), looking for a DTD
and counting each worksheet's rows, which the ``<dimension>`` element may misstate.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from mscd_desktop.core.errors import ValidationError
from mscd_desktop.i18n import _

MAX_UNPACKED_BYTES = 1024 * 1024 * 1024  # about 2.5 million rows of a typical export
MAX_RATIO = 100  # real workbooks compress about 5 to 20 to 1
RATIO_CHECKED_ABOVE = 1024 * 1024  # tiny parts may compress very well
MAX_PARTS = 10_000
_CHUNK = 1 << 20
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_OVERLAP = 64  # longer than any tag the patterns look for
_XML_SUFFIXES = (".xml", ".rels", ".vml")


@dataclass(frozen=True)
class WorkbookFacts:
    """What the check learnt: the rows of each worksheet part, by its name in the zip."""

    rows: dict[str, int] = field(default_factory=dict)


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, field="file")


def check_workbook(path: Path) -> WorkbookFacts:
    """Raise ValidationError unless *path* is a zip safe to hand to openpyxl; returns the
    row count of each worksheet part."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            _check_sizes(path, parts)
            rows = {}
            for part in parts:
                if part.filename.lower().endswith(_XML_SUFFIXES):
                    rows[part.filename] = _scan(path, archive, part)
    except zipfile.BadZipFile as exc:
        raise _refuse(
            _("{name} is not a valid XLSX workbook ({error}).").format(name=path.name, error=exc)
        ) from exc
    except (OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise _refuse(
            _("{name} cannot be unpacked ({error}).").format(name=path.name, error=exc)
        ) from exc
    return WorkbookFacts(rows={name: count for name, count in rows.items() if count})


def _check_sizes(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_PARTS:
        raise _refuse(
            _("{name} holds {count} files; a workbook has far fewer. It was not opened.").format(
                name=path.name, count=len(parts)
            )
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_CHECKED_ABOVE and ratio > MAX_RATIO:
            raise _refuse(
                _(
                    "{name} would unpack {part} from {packed} kB to {size} MB ({ratio} to 1): "
                    "that is a zip bomb, not a spreadsheet. It was not opened."
                ).format(
                    name=path.name,
                    part=part.filename,
                    packed=part.compress_size // 1024,
                    size=part.file_size // 2**20,
                    ratio=int(ratio),
                )
            )
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED_BYTES:
        raise _refuse(
            _(
                "{name} would unpack to {size} MB, more than the {max} MB an import reads. "
                "Split it into smaller files."
            ).format(name=path.name, size=total // 2**20, max=MAX_UNPACKED_BYTES // 2**20)
        )


def _scan(path: Path, archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> int:
    """Stream one XML part: refuse a DTD, count ``<row>`` elements."""
    rows = 0
    carry = b""
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            buffer = carry + chunk
            if _DTD.search(buffer):
                raise _refuse(
                    _(
                        "{name} is not a workbook a spreadsheet program writes: {part} declares "
                        "a DTD, whose entities can expand to gigabytes. It was not opened."
                    ).format(name=path.name, part=part.filename)
                )
            if not chunk:
                return rows + len(_ROW.findall(buffer))
            cut = max(len(buffer) - _OVERLAP, 0)
            rows += sum(1 for match in _ROW.finditer(buffer) if match.start() < cut)
            carry = buffer[cut:]
