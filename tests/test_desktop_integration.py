"""The Linux menu entry, the AppStream metadata and the Windows installer script."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from mscd_desktop import __version__, desktop_entry, licences

ROOT = Path(__file__).resolve().parents[1]
PACKAGING = ROOT / "packaging"
METAINFO = PACKAGING / desktop_entry.METAINFO_FILE

needs_appstream = pytest.mark.skipif(
    shutil.which("appstreamcli") is None, reason="needs appstreamcli (Debian package appstream)"
)


@needs_appstream
def test_appstream_accepts_the_metainfo():
    result = subprocess.run(
        ["appstreamcli", "validate", "--no-net", "--pedantic", str(METAINFO)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_metainfo_names_this_version_and_the_desktop_entry():
    root = ET.parse(METAINFO).getroot()
    assert root.find("releases/release").get("version") == __version__
    assert root.find("launchable").text == desktop_entry.DESKTOP_FILE
    assert root.find("project_license").text == "EUPL-1.2"


@needs_appstream
def test_the_installed_menu_entry_points_at_the_app_and_validates(tmp_path):
    app = tmp_path / "My Apps" / "mscd-desktop" / "mscd-desktop"
    share = tmp_path / "prefix" / "share"
    written = desktop_entry.install_menu_entry(app, share)
    assert all(path.is_file() for path in written)
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(share / "applications" / desktop_entry.DESKTOP_FILE, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Exec"] == f'"{app}"' and section["TryExec"] == str(app)
    assert section["Icon"] == desktop_entry.ICON_NAME and section["Terminal"] == "false"
    assert section["Comment[es]"] and section["Comment[sv]"]
    result = subprocess.run(
        ["appstreamcli", "validate-tree", "--no-net", str(tmp_path / "prefix")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert desktop_entry.remove_menu_entry(share) == written
    assert not any(path.exists() for path in written)


def test_the_windows_installer_installs_per_user_with_start_menu_and_uninstaller():
    script = (PACKAGING / "mscd-desktop.iss").read_text(encoding="utf-8")
    setup = dict(re.findall(r"^(\w+)=(.*)$", script, re.MULTILINE))
    assert setup["PrivilegesRequired"] == "lowest"
    assert (
        setup["DefaultDirName"].startswith("{autopf}")
        or "{localappdata}" in setup["DefaultDirName"]
    )
    assert setup["Uninstallable"] == "yes"
    assert "{group}\\mscd-desktop" in script and "{uninstallexe}" in script
    assert 'Source: "..\\dist\\mscd-desktop\\*"' in script
    assert f'#define AppVersion "{__version__}"' in script


def test_licences_come_from_the_installed_metadata():
    from importlib import metadata

    found = {c.name: c for c in licences.collect_components()}
    for name in ("reportlab", "cryptography", "sqlite-utils"):
        dist = metadata.distribution(name)
        assert found[dist.metadata["Name"]].version == dist.version
    assert found["mscd-desktop"].licence == "EUPL-1.2"
    assert found["cryptography"].texts and "pytest" not in found  # a test tool is no part
    shipped = {c.name for c in licences.collect_components({"reportlab"})}
    assert shipped == {"mscd-desktop", "reportlab", "Python"}
