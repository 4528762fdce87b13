"""What the PyInstaller spec (packaging/mscd-desktop.spec) makes before it bundles the app.

- The app icon in each platform's format, drawn from ``resources/icons/app.svg`` by Qt's
  own SVG renderer: PNGs for Linux, ``.ico`` for Windows, ``.icns`` for macOS (Pillow).
- The Windows version resource (file and product version, names) from ``__version__``.
- Which Qt plugins and translations to keep: the platforms xcb (Windows, Cocoa) and
  offscreen, no Wayland, EGLFS, evdev, virtual keyboard (Qt Quick) or GTK theme (that
  would carry the build machine's GTK along), and translations only in the app's languages.
  On Linux the shared libraries that only the dropped plugins needed go too (``ldd``).

Run as a script, ``python packaging/build_helpers.py icons OUT_DIR`` draws the icons in a
process of its own (Qt needs a QGuiApplication, which the build process must not hold).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP_SVG = ROOT / "resources" / "icons" / "app.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def draw_icons(out_dir: Path, svg: Path = APP_SVG) -> None:
    """Draw *svg* as ``app-<size>.png``, ``app.ico`` and ``app.icns`` in *out_dir*."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG that Qt can draw")
    out_dir.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        if not image.save(str(out_dir / f"app-{size}.png")):
            raise SystemExit(f"cannot write {out_dir / f'app-{size}.png'}")
    largest = Image.open(out_dir / f"app-{PNG_SIZES[-1]}.png")
    largest.save(out_dir / "app.ico", sizes=[(s, s) for s in ICO_SIZES])
    largest.save(out_dir / "app.icns")


def make_icons(out_dir: Path) -> dict[str, Path]:
    """Draw the icons in a separate process; returns the path of each kind."""
    subprocess.run([sys.executable, str(Path(__file__)), "icons", str(out_dir)], check=True)
    return {
        "png": out_dir / "app-256.png",
        "ico": out_dir / "app.ico",
        "icns": out_dir / "app.icns",
    }


def windows_version_file(out: Path, version: str, description: str) -> Path:
    """Write the version resource of the Windows executables (read by PyInstaller)."""
    numbers = [int(part) for part in version.split(".")[:4] if part.isdigit()]
    numbers += [0] * (4 - len(numbers))
    quad = tuple(numbers)
    text = f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={quad}, prodvers={quad}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('040904B0', [
      StringStruct('CompanyName', 'My Smart City District'),
      StringStruct('FileDescription', {description!r}),
      StringStruct('FileVersion', {version!r}),
      StringStruct('InternalName', 'mscd-desktop'),
      StringStruct('LegalCopyright', 'EUPL-1.2'),
      StringStruct('OriginalFilename', 'mscd-desktop.exe'),
      StringStruct('ProductName', 'mscd-desktop'),
      StringStruct('ProductVersion', {version!r})])]),
    VarFileInfo([VarStruct('Translation', [1033, 1200])])
  ]
)
"""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return out


PLATFORM_PLUGINS = {"linux": {"qxcb", "qoffscreen"}, "win32": {"qwindows", "qoffscreen"}}
PLATFORM_PLUGINS["darwin"] = {"qcocoa", "qoffscreen"}
DROPPED_PLUGIN_FOLDERS = {
    "egldeviceintegrations",
    "generic",
    "wayland-decoration-client",
    "wayland-graphics-integration-client",
    "wayland-shell-integration",
}
DROPPED_PLUGINS = {"qtvirtualkeyboardplugin", "qgtk3", "qtexttospeech_mock"}


def _plugin(dest: str) -> tuple[str, str] | None:
    """(folder, name) of a Qt plugin's place in the bundle, e.g. ("platforms", "qxcb")."""
    parts = Path(dest).parts
    if "plugins" not in parts or parts.index("plugins") < 1 or parts[-2] == "plugins":
        return None
    if parts[parts.index("plugins") - 1] != "Qt":
        return None
    name = parts[-1].split(".")[0]
    return parts[-2], name[3:] if name.startswith("lib") else name


def keep_qt_plugin(dest: str, platform: str = sys.platform) -> bool:
    """Whether the bundle keeps the file at *dest*; files that are not Qt plugins are kept."""
    plugin = _plugin(dest)
    if plugin is None:
        return True
    folder, name = plugin
    if folder in DROPPED_PLUGIN_FOLDERS or name in DROPPED_PLUGINS:
        return False
    if folder == "platforms":
        return name in PLATFORM_PLUGINS.get(platform, PLATFORM_PLUGINS["linux"])
    return True


_LDD_LINE = re.compile(r"^\s*(\S+) => (\S+) \(0x")


def _linked(path: str) -> set[str]:
    """Every shared library *path* loads, directly or not, as ldd resolves them here."""
    result = subprocess.run(["ldd", path], capture_output=True, text=True)
    found = set()
    for line in result.stdout.splitlines():
        match = _LDD_LINE.match(line)
        if match:
            found.add(os.path.realpath(match.group(2)))
    return found


def unwanted_qt_files(binaries: list[tuple], platform: str = sys.platform) -> set[str]:
    """The places in the bundle (of PyInstaller's *binaries* TOC) of the dropped Qt
    plugins and, on Linux, of the libraries that only those plugins needed."""
    dropped = {entry[0] for entry in binaries if not keep_qt_plugin(entry[0], platform)}
    if not dropped or platform != "linux" or not shutil.which("ldd"):
        return dropped
    needed_by_dropped: set[str] = set()
    for entry in binaries:
        if entry[0] in dropped:
            needed_by_dropped |= _linked(entry[1])
    candidates = {
        entry[0]: os.path.realpath(entry[1])
        for entry in binaries
        if entry[0] not in dropped and os.path.realpath(entry[1]) in needed_by_dropped
    }
    needed: set[str] = set()
    for entry in binaries:
        if entry[0] not in dropped and entry[0] not in candidates and entry[2] != "SYMLINK":
            needed |= _linked(entry[1])
    return dropped | {dest for dest, real in candidates.items() if real not in needed}


def without(toc: list[tuple], unwanted: set[str]) -> list[tuple]:
    """*toc* without the entries placed at *unwanted*, nor links to them (PyInstaller links a
    library kept in a package folder into the top folder, naming the target's place)."""
    return [
        entry
        for entry in toc
        if entry[0] not in unwanted
        and not (entry[2] == "SYMLINK" and os.path.normpath(entry[1]) in unwanted)
    ]


def without_debug_info(binaries: list[tuple], out_dir: Path) -> list[tuple]:
    """*binaries* with a copy stripped of debug information (``strip --strip-debug``) in
    place of each one that carries it (the Python library of some builds: 22 MB, 4 MB
    without). Only those: stripping everything would touch libraries that wheels patched."""
    if not shutil.which("readelf") or not shutil.which("strip"):
        return binaries
    result = []
    for dest, src, typecode in binaries:
        if typecode in ("BINARY", "EXTENSION") and _has_debug_info(src):
            stripped = out_dir / dest
            stripped.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run(["strip", "--strip-debug", "-o", str(stripped), src], check=True)
            src = str(stripped)
        result.append((dest, src, typecode))
    return result


def _has_debug_info(path: str) -> bool:
    sections = subprocess.run(["readelf", "-S", "-W", path], capture_output=True, text=True)
    return ".debug_info" in sections.stdout


def keep_qt_translation(dest: str, languages: tuple[str, ...]) -> bool:
    """Whether a bundled Qt translation (``…/translations/qtbase_es.qm``) is one of
    *languages*; every file that is not a Qt translation is kept."""
    path = Path(dest)
    if path.parent.name != "translations" or path.suffix != ".qm":
        return True
    code = path.stem.split("_", 1)[1] if "_" in path.stem else ""
    return code.split("_")[0] in languages


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "icons":
        draw_icons(Path(sys.argv[2]))
    else:
        raise SystemExit("usage: build_helpers.py icons OUT_DIR")
