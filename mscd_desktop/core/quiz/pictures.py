"""Checking that a question's picture is safe to show: inside its pack's folder, of a
sensible size, and one that opens (Pillow for bitmaps, XML without a DTD for SVG).

The size is read from the file's header before anything is decoded: a PNG a few
kilobytes long can claim 30000 × 30000 pixels and take gigabytes to decode.
"""

from __future__ import annotations

import struct
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from PIL import Image, UnidentifiedImageError

from mscd_desktop.i18n import _

MAX_PICTURE_BYTES = 25 * 1024 * 1024
MAX_PICTURE_SIDE = 10_000
MAX_PICTURE_PIXELS = 40_000_000  # a 7000 × 5700 photograph
_HEADER_BYTES = 64 * 1024


def picture_problem(path: Path, shown_as: str, folder: Path | None = None) -> str | None:
    """Why the picture at *path* cannot be shown, or None when it opens fine.

    *shown_as* is the path as written in the pack, used in the message; *folder* is the
    pack's folder, which the picture must lie in (symbolic links followed).
    """
    if folder is not None and not _inside(path, folder):
        return _(
            "The picture {image} is outside the pack's folder. Keep pictures in the "
            "pack's folder or below it (e.g. images/room.png)."
        ).format(image=shown_as)
    if not path.is_file():
        return _("The picture {image} does not exist.").format(image=shown_as)
    size = path.stat().st_size
    if size > MAX_PICTURE_BYTES:
        return _(
            "The picture {image} is {size} MB; a kiosk picture may be at most {max} MB."
        ).format(image=shown_as, size=round(size / 2**20), max=MAX_PICTURE_BYTES // 2**20)
    if path.suffix.lower() == ".svg":
        return _svg_problem(path, shown_as)
    return _bitmap_problem(path, shown_as)


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop
        return False
    return True


def _too_large(shown_as: str, width: int, height: int) -> str | None:
    if max(width, height) <= MAX_PICTURE_SIDE and width * height <= MAX_PICTURE_PIXELS:
        return None
    return _(
        "The picture {image} is {width} × {height} pixels, too large for a kiosk (at most "
        "{side} pixels a side and {megapixels} megapixels). Scale it down, e.g. to 1600 "
        "pixels wide."
    ).format(
        image=shown_as,
        width=width,
        height=height,
        side=MAX_PICTURE_SIDE,
        megapixels=MAX_PICTURE_PIXELS // 1_000_000,
    )


def _bitmap_problem(path: Path, shown_as: str) -> str | None:
    with path.open("rb") as fh:
        header = fh.read(_HEADER_BYTES)
    declared = header_size(header)
    if declared is not None:
        problem = _too_large(shown_as, *declared)
        if problem:
            return problem
    try:
        with Image.open(path) as image:  # reads the header only
            problem = _too_large(shown_as, *image.size)
            if problem:
                return problem
            image.verify()  # checks the structure without decoding
        with Image.open(path) as image:
            image.load()  # decodes every pixel: catches truncated files
    except Image.DecompressionBombError:
        return _too_large(shown_as, MAX_PICTURE_SIDE + 1, MAX_PICTURE_SIDE + 1)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return _("The picture {image} cannot be opened: {error}").format(
            image=shown_as, error=str(exc) or exc.__class__.__name__
        )
    return None


def header_size(header: bytes) -> tuple[int, int] | None:
    """Width and height a PNG, GIF, BMP, WebP or JPEG header declares (None: unknown)."""
    if header.startswith(b"\x89PNG\r\n\x1a\n") and header[12:16] == b"IHDR":
        return struct.unpack(">II", header[16:24])
    if header[:6] in (b"GIF87a", b"GIF89a") and len(header) >= 10:
        return struct.unpack("<HH", header[6:10])
    if header.startswith(b"BM") and len(header) >= 26:
        width, height = struct.unpack("<ii", header[18:26])
        return abs(width), abs(height)
    if header.startswith(b"RIFF") and header[8:12] == b"WEBP":
        return _webp_size(header)
    if header.startswith(b"\xff\xd8"):
        return _jpeg_size(header)
    return None


def _webp_size(header: bytes) -> tuple[int, int] | None:
    kind = header[12:16]
    if kind == b"VP8X" and len(header) >= 30:
        width = int.from_bytes(header[24:27], "little") + 1
        return width, int.from_bytes(header[27:30], "little") + 1
    if kind == b"VP8L" and len(header) >= 25:
        bits = int.from_bytes(header[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8 " and len(header) >= 30:
        width, height = struct.unpack("<HH", header[26:30])
        return width & 0x3FFF, height & 0x3FFF
    return None


def _jpeg_size(header: bytes) -> tuple[int, int] | None:
    """The size in the first start-of-frame segment (SOF0..SOF15 but DHT, JPG and DAC)."""
    offset = 2
    while offset + 9 <= len(header):
        if header[offset] != 0xFF:
            return None
        marker = header[offset + 1]
        if marker == 0xFF:  # fill byte
            offset += 1
            continue
        length = struct.unpack(">H", header[offset + 2 : offset + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", header[offset + 5 : offset + 9])
            return width, height
        offset += 2 + length
    return None


def _svg_problem(path: Path, shown_as: str) -> str | None:
    try:
        root = SafeET.parse(path, forbid_dtd=True).getroot()
    except DefusedXmlException:
        return _(
            "The picture {image} declares a DTD or entities, which a quiz picture never needs."
        ).format(image=shown_as)
    except SafeET.ParseError as exc:
        return _("The picture {image} cannot be opened: {error}").format(
            image=shown_as, error=str(exc)
        )
    if root is None or not root.tag.endswith("svg"):
        return _("The picture {image} is not an SVG drawing.").format(image=shown_as)
    return None
