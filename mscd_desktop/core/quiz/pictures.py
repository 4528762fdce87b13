"""Checking that a question's picture exists and opens (Pillow for bitmaps, XML for SVG)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from mscd_desktop.i18n import _


def picture_problem(path: Path, shown_as: str) -> str | None:
    """Why the picture at *path* cannot be shown, or None when it opens fine.

    *shown_as* is the path as written in the pack, used in the message.
    """
    if not path.is_file():
        return _("The picture {image} does not exist.").format(image=shown_as)
    if path.suffix.lower() == ".svg":
        return _svg_problem(path, shown_as)
    try:
        with Image.open(path) as image:
            image.verify()  # checks the structure without decoding
        with Image.open(path) as image:
            image.load()  # decodes every pixel: catches truncated files
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return _("The picture {image} cannot be opened: {error}").format(
            image=shown_as, error=str(exc) or exc.__class__.__name__
        )
    return None


def _svg_problem(path: Path, shown_as: str) -> str | None:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        return _("The picture {image} cannot be opened: {error}").format(
            image=shown_as, error=str(exc)
        )
    if not root.tag.endswith("svg"):
        return _("The picture {image} is not an SVG drawing.").format(image=shown_as)
    return None
