"""Where the app finds its forms and resources, and where it keeps its data.

In a checkout, ``ui/`` and ``resources/`` sit beside the package; an installed wheel
carries them inside it as ``mscd_desktop/_ui`` and ``mscd_desktop/_resources``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from mscd_desktop import APP_NAME, ORGANISATION

_PACKAGE = Path(__file__).resolve().parent


def _bundled(installed_name: str, checkout_name: str) -> Path:
    installed = _PACKAGE / installed_name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / checkout_name


def ui_dir() -> Path:
    """Folder of the Qt Designer forms."""
    return _bundled("_ui", "ui")


def resources_dir() -> Path:
    """Folder of quiz packs, icons, styles, fonts and translations."""
    return _bundled("_resources", "resources")


def locale_dir() -> Path:
    """Folder of the gettext catalogues (``<lang>/LC_MESSAGES/mscd.mo``)."""
    return resources_dir() / "locale"


def default_data_dir() -> Path:
    """The user's data folder; ``MSCD_DATA_DIR`` overrides it (as ``--data-dir`` does)."""
    override = os.environ.get("MSCD_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, ORGANISATION))
