"""The one-folder app that ``python3 dev.py test`` builds: it runs on its own, with no venv.

Each test runs the built executables with ``env -i`` and a PATH without the venv, as on an
organiser's laptop. ``MSCD_BUNDLE_DIR`` names the bundle (see the ``bundle_dir`` fixture).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from mscd_desktop.gui.shell.screens import SCREENS

BARE_PATH = "/usr/local/bin:/usr/bin:/bin"


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """What ``env -i`` leaves, plus a home of the test's own."""
    return {"PATH": BARE_PATH, "HOME": str(home), "LANG": "C.UTF-8", **extra}


def run_bare(args: list[str], home: Path, timeout: int = 120, **extra: str):
    return subprocess.run(
        ["env", "-i", *[f"{k}={v}" for k, v in bare_env(home, **extra).items()], *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def test_the_bundle_passes_its_self_test_in_a_bare_environment(bundle_dir, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    result = run_bare([str(bundle_dir / "mscd-desktop"), "--self-test"], home)
    print(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    steps = [line for line in lines[1:-1] if line.strip()]
    assert all(line.split()[0] in ("ok", "skipped") for line in steps), result.stdout
    assert all(" s  " in line for line in steps)  # each step with its time
    for spec in SCREENS:
        assert any(f"“{spec.title}”" in line and line.startswith("ok") for line in steps)
    assert any("guided start" in line for line in steps)
    assert any("quiz pack" in line and line.startswith("ok") for line in steps)
    assert lines[-1].startswith("Self-test passed")
    assert ".venv" not in result.stdout + result.stderr
    # nothing of the person's own was touched: no data, key or settings folder in HOME
    assert [p for p in home.rglob("*") if "mscd" in p.name.lower()] == []


def test_the_command_line_ships_beside_the_app(bundle_dir, tmp_path):
    data = tmp_path / "data"
    result = run_bare(
        [str(bundle_dir / "mscd"), "--data-dir", str(data), "demo", "--json"],
        tmp_path,
        MSCD_KEY_DIR=str(tmp_path / "keys"),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["city"] == "Valladolid"
    version = run_bare([str(bundle_dir / "mscd"), "--version"], tmp_path)
    assert version.stdout.startswith("mscd, version ")


def _elf_files(folder: Path) -> list[Path]:
    found = []
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as fh:
                if fh.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def test_every_library_in_the_bundle_finds_what_it_needs(bundle_dir):
    internal = bundle_dir / "_internal"
    missing = {}
    for path in _elf_files(bundle_dir):
        result = subprocess.run(
            ["ldd", str(path)],
            capture_output=True,
            text=True,
            env={"LD_LIBRARY_PATH": str(internal), "PATH": BARE_PATH},
        )
        lost = [line.split()[0] for line in result.stdout.splitlines() if "not found" in line]
        if lost:
            missing[str(path.relative_to(bundle_dir))] = lost
    assert missing == {}
    assert [p for p in bundle_dir.rglob("*") if p.is_symlink() and not p.exists()] == []


def test_only_the_qt_parts_the_app_uses_are_bundled(bundle_dir):
    qt = bundle_dir / "_internal" / "PySide6"
    modules = sorted(p.name.split(".")[0] for p in qt.glob("Qt*.abi3.so"))
    assert "QtWebEngineCore" not in modules and "Qt3DCore" not in modules
    assert {"QtWidgets", "QtMultimedia", "QtPdf", "QtPrintSupport", "QtTextToSpeech"} <= set(
        modules
    )
    plugins = qt / "Qt" / "plugins"
    assert sorted(p.name for p in (plugins / "platforms").iterdir()) == [
        "libqoffscreen.so",
        "libqxcb.so",
    ]
    for kind in ("imageformats", "multimedia", "printsupport", "texttospeech", "iconengines"):
        assert list((plugins / kind).iterdir()), kind
    assert not [p for p in plugins.iterdir() if p.name.startswith(("wayland", "egl"))]
    languages = {p.stem.split("_", 1)[1] for p in (qt / "Qt" / "translations").glob("*.qm")}
    assert languages == {"en", "es", "sv"}


def test_the_bundle_carries_resources_and_the_licences_it_was_built_with(bundle_dir):
    resources = bundle_dir / "_internal" / "mscd_desktop" / "_resources"
    for language in ("es", "sv"):
        assert (resources / "locale" / language / "LC_MESSAGES" / "mscd.mo").is_file()
    assert not list(resources.rglob("*.po"))
    assert len(list((resources / "quiz").glob("*.json"))) >= 3
    assert (
        bundle_dir / "_internal" / "mscd_desktop" / "_ui" / "event" / "guided_start.ui"
    ).is_file()
    assert (resources / "linux" / "mscd-desktop.desktop").is_file()
    listed = {c["name"]: c for c in json.loads((resources / "licences.json").read_text("utf-8"))}
    assert listed["mscd-desktop"]["licence"] == "EUPL-1.2"
    assert "LGPL-3.0-only" in listed["PySide6_Essentials"]["licence"]
    assert listed["Python"]["texts"]  # CPython's own LICENSE text
    assert "pytest" not in listed and "PyInstaller" not in listed and "pyinstaller" not in listed


def test_a_missing_x11_library_is_named_not_a_qt_stack_trace(bundle_dir, tmp_path):
    # A copy of the bundle (hard links: instant) without the library that Qt's X11
    # plugin loads first, which no system provides in its place.
    copy = tmp_path / "mscd-desktop"
    subprocess.run(["cp", "-al", str(bundle_dir), str(copy)], check=True)
    for lost in copy.rglob("libQt6XcbQpa.so.6"):
        lost.unlink()
    result = run_bare(
        [str(copy / "mscd-desktop"), "--data-dir", str(tmp_path / "d")],
        tmp_path,
        DISPLAY=":99",
    )
    assert result.returncode == 2, result.stderr
    assert "libQt6XcbQpa.so.6" in result.stderr and "Reinstall" in result.stderr
    assert "qt.qpa.plugin" not in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "d").exists()  # it stopped before touching anything


def test_without_a_display_it_says_so(bundle_dir, tmp_path):
    result = run_bare([str(bundle_dir / "mscd-desktop")], tmp_path)
    assert result.returncode == 2
    assert "no display" in result.stderr and "--self-test" in result.stderr
