"""``mscd-desktop --install-menu-entry``: put the app in the Linux applications menu.

For the person alone (no root): the ``.desktop`` entry pointing at this executable goes to
``~/.local/share/applications``, the icon to the hicolor theme there and the AppStream
metainfo beside them (``$XDG_DATA_HOME`` overrides ``~/.local/share``).
``--remove-menu-entry`` takes them away again. The templates are the ones in
``packaging/`` (a bundle carries them in its resources).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from mscd_desktop.paths import resources_dir

DESKTOP_FILE = "mscd-desktop.desktop"
METAINFO_FILE = "eu.mysmartcitydistrict.mscd_desktop.metainfo.xml"
ICON_NAME = "mscd-desktop"


def _templates() -> Path:
    bundled = resources_dir() / "linux"
    if (bundled / DESKTOP_FILE).is_file():
        return bundled
    return Path(__file__).resolve().parents[1] / "packaging"


def data_home(env: dict[str, str] | None = None) -> Path:
    """Where the person's menu entries live."""
    env = dict(os.environ) if env is None else env
    return Path(
        env.get("XDG_DATA_HOME") or Path(env.get("HOME", "~")).expanduser() / ".local/share"
    )


def _places(home: Path) -> dict[str, Path]:
    return {
        "desktop": home / "applications" / DESKTOP_FILE,
        "icon": home / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg",
        "metainfo": home / "metainfo" / METAINFO_FILE,
    }


def _quoted(path: Path) -> str:
    """*path* as the Exec key of a desktop entry wants it."""
    text = str(path)
    if not any(c in text for c in " \t\n\"'\\><~|&;$*?#()`"):
        return text
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'


def install_menu_entry(executable: Path, home: Path | None = None) -> list[Path]:
    """Write the menu entry for *executable* and its icon; returns what was written."""
    places = _places(home or data_home())
    template = (_templates() / DESKTOP_FILE).read_text(encoding="utf-8")
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={_quoted(executable)}"
        lines.append(line)
    lines.insert(lines.index("[Desktop Entry]") + 1, f"TryExec={executable}")
    for place in places.values():
        place.parent.mkdir(parents=True, exist_ok=True)
    places["desktop"].write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copyfile(resources_dir() / "icons" / "app.svg", places["icon"])
    shutil.copyfile(_templates() / METAINFO_FILE, places["metainfo"])
    return list(places.values())


def remove_menu_entry(home: Path | None = None) -> list[Path]:
    """Remove what :func:`install_menu_entry` wrote; returns what was removed."""
    removed = []
    for place in _places(home or data_home()).values():
        if place.exists():
            place.unlink()
            removed.append(place)
    return removed
