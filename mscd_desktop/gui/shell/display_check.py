"""Before the window opens on Linux: can Qt's X11 (xcb) platform plugin load here?

Without one of the system libraries it needs (``libxcb.so.1``, ``libGL.so.1``, or one of
the ``libxcb-*`` helpers where a checkout uses the system's), Qt aborts with "Could not load
the Qt platform plugin "xcb"" and a list of plugins that means nothing to an organiser.
This module asks first, with ``ldd`` on the plugin (or, where ``ldd`` is missing, by loading
it), and returns one sentence naming the missing library and the Debian/Ubuntu package
that usually brings it. A bundle resolves its own libraries first: its starter puts its
folder on ``LD_LIBRARY_PATH``, which ``ldd`` and the loader both follow.
"""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from mscd_desktop.i18n import _, ngettext

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)
_CANNOT_OPEN = re.compile(r"(\S+?\.so[.\d]*): cannot open shared object file")
_SONAME = re.compile(r"^(lib.+?)\.so\.(\d+)")


def uses_xcb(env: Mapping[str, str]) -> bool:
    """Whether Qt will pick the X11 platform plugin: on Linux, unless another platform was
    asked for (``QT_QPA_PLATFORM``) or a Wayland session can use its own plugin."""
    if not sys.platform.startswith("linux"):
        return False
    asked = env.get("QT_QPA_PLATFORM", "")
    if asked:
        return asked.split(":")[0].split(";")[0] == "xcb"
    return not (env.get("WAYLAND_DISPLAY") and _plugin_dir(env).joinpath("libqwayland.so").exists())


def _plugin_dir(env: Mapping[str, str]) -> Path:
    override = env.get("QT_QPA_PLATFORM_PLUGIN_PATH")
    if override:
        return Path(override)
    from PySide6.QtCore import QLibraryInfo  # QtCore alone loads no platform library

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforms"


def missing_from_ldd(output: str) -> list[str]:
    """The libraries ``ldd`` printed as ``not found``, in its order, without repeats."""
    return list(dict.fromkeys(_NOT_FOUND.findall(output)))


def missing_from_loading(plugin: Path) -> list[str]:
    """Load *plugin* to see whether it can be: the first library the loader missed."""
    try:
        ctypes.CDLL(str(plugin), mode=os.RTLD_LAZY | getattr(os, "RTLD_LOCAL", 0))
    except OSError as exc:
        match = _CANNOT_OPEN.search(str(exc))
        return [match.group(1) if match else str(exc)]
    return []


def missing_libraries(plugin: Path) -> list[str]:
    """The shared libraries *plugin* needs that this system cannot find."""
    if shutil.which("ldd"):
        result = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, timeout=30)
        return missing_from_ldd(result.stdout + result.stderr)
    return missing_from_loading(plugin)


def debian_package(soname: str) -> str:
    """The Debian/Ubuntu package that usually ships *soname* (``libxcb-cursor.so.0`` →
    ``libxcb-cursor0``, ``libxkbcommon-x11.so.0`` → ``libxkbcommon-x11-0``): Debian's rule
    for library packages."""
    match = _SONAME.match(soname)
    if not match:
        return soname
    base, version = match.group(1).lower(), match.group(2)
    return f"{base}-{version}" if base[-1].isdigit() else f"{base}{version}"


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Why the window cannot open here, in one message for a person, or None."""
    env = os.environ if env is None else env
    if not uses_xcb(env):
        return None
    plugin = _plugin_dir(env) / "libqxcb.so"
    if not plugin.exists():
        return _(
            "mscd-desktop cannot open its window: Qt's X11 platform plugin is missing ({path}). "
            "Reinstall the app."
        ).format(path=plugin)
    missing = missing_libraries(plugin)
    if missing:
        return missing_libraries_message(missing)
    if not env.get("DISPLAY"):
        return _(
            "mscd-desktop cannot open its window: there is no display (DISPLAY is not set). "
            "Start it from a desktop session; `mscd-desktop --self-test` checks the app "
            "without one."
        )
    return None


def missing_libraries_message(missing: list[str]) -> str:
    """The message naming the missing libraries: Qt's own ones mean a damaged installation,
    the others are the system's, with the packages that bring them."""
    own = [name for name in missing if name.startswith("libQt")]
    system = [name for name in missing if name not in own]
    parts = []
    if system:
        packages = " ".join(dict.fromkeys(debian_package(name) for name in system))
        parts.append(
            ngettext(
                "the system library {libraries} is missing (Qt needs it to draw on an X11 "
                "desktop). On Debian or Ubuntu install it with: sudo apt install {packages}",
                "the system libraries {libraries} are missing (Qt needs them to draw on an "
                "X11 desktop). On Debian or Ubuntu install them with: sudo apt install {packages}",
                len(system),
            ).format(libraries=", ".join(system), packages=packages)
        )
    if own:
        parts.append(
            ngettext(
                "its own library {libraries} is missing. Reinstall the app.",
                "its own libraries {libraries} are missing. Reinstall the app.",
                len(own),
            ).format(libraries=", ".join(own))
        )
    return _("mscd-desktop cannot open its window: {problems}").format(problems="; ".join(parts))
