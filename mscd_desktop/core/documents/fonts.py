"""The fonts every document is set in: DejaVu Sans, shipped inside the package.

``resources/fonts`` carries DejaVu Sans regular and bold with their licence, so that a
certificate prints the same on a Windows laptop without Debian's fonts: every European
script (Łukasz Żółć, Ærøskøbing, Νίκος, Ёлка) is in them. reportlab embeds a subset.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from mscd_desktop.core.errors import MscdError
from mscd_desktop.i18n import _
from mscd_desktop.paths import resources_dir

FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
_FILES = {FONT: "DejaVuSans.ttf", FONT_BOLD: "DejaVuSans-Bold.ttf"}
_lock = threading.Lock()


def fonts_dir() -> Path:
    """Folder of the shipped fonts and their licence."""
    return resources_dir() / "fonts"


def font_file(name: str = FONT) -> Path:
    """The TrueType file of *name* (``FONT`` or ``FONT_BOLD``), for Pillow and reportlab."""
    path = fonts_dir() / _FILES[name]
    if not path.is_file():
        raise MscdError(
            _("The font file {file} is missing from the installation; reinstall the app.").format(
                file=path
            )
        )
    return path


def register_fonts() -> None:
    """Register DejaVu Sans (regular and bold) with reportlab, once per process."""
    rl_config.useA85 = 0  # binary streams: smaller and faster than ASCII85 text
    with _lock:
        registered = pdfmetrics.getRegisteredFontNames()
        for name in (FONT, FONT_BOLD):
            if name not in registered:
                pdfmetrics.registerFont(TTFont(name, str(font_file(name))))
        # <b> in platypus paragraphs picks the bold face
        addMapping(FONT, 0, 0, FONT)
        addMapping(FONT, 0, 1, FONT)
        addMapping(FONT, 1, 0, FONT_BOLD)
        addMapping(FONT, 1, 1, FONT_BOLD)
