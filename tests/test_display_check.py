"""Before Qt starts on Linux: a missing X11 library is named, with its Debian package."""

from __future__ import annotations

from pathlib import Path

import pytest

from mscd_desktop.gui.shell import display_check as dc

LDD_WITHOUT_CURSOR = """\
\tlinux-vdso.so.1 (0x00007ffc5d1f0000)
\tlibQt6XcbQpa.so.6 => /opt/mscd-desktop/_internal/libQt6XcbQpa.so.6 (0x00007f0a1c000000)
\tlibxcb-cursor.so.0 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibxcb.so.1 => /lib/x86_64-linux-gnu/libxcb.so.1 (0x00007f0a1bc00000)
\tlibxcb-cursor.so.0 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0a1b800000)
"""


def test_ldd_output_gives_each_missing_library_once():
    assert dc.missing_from_ldd(LDD_WITHOUT_CURSOR) == [
        "libxcb-cursor.so.0",
        "libxkbcommon-x11.so.0",
    ]
    assert dc.missing_from_ldd("\tlibc.so.6 => /lib/libc.so.6 (0x1)\n") == []


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-cursor.so.0", "libxcb-cursor0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libGL.so.1", "libgl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib-2.0-0"),
    ],
)
def test_the_debian_package_follows_debians_naming_rule(soname, package):
    assert dc.debian_package(soname) == package


def test_the_message_names_the_libraries_and_the_command_that_installs_them(monkeypatch, tmp_path):
    platforms = tmp_path / "platforms"
    platforms.mkdir()
    (platforms / "libqxcb.so").write_bytes(b"\x7fELF")
    monkeypatch.setattr(dc.shutil, "which", lambda name: "/usr/bin/ldd")
    monkeypatch.setattr(
        dc.subprocess,
        "run",
        lambda *a, **k: dc.subprocess.CompletedProcess(a, 0, LDD_WITHOUT_CURSOR, ""),
    )
    monkeypatch.setattr(dc.sys, "platform", "linux")
    env = {"DISPLAY": ":0", "QT_QPA_PLATFORM_PLUGIN_PATH": str(platforms)}
    message = dc.display_problem(env)
    assert "libxcb-cursor.so.0, libxkbcommon-x11.so.0" in message
    assert message.endswith("sudo apt install libxcb-cursor0 libxkbcommon-x11-0")
    assert "Reinstall" not in message


def test_a_missing_library_of_the_app_itself_means_reinstall():
    message = dc.missing_libraries_message(["libQt6XcbQpa.so.6", "libxcb.so.1"])
    assert "apt install libxcb1" in message and "libQt6XcbQpa.so.6" in message
    assert "Reinstall the app" in message


def test_loading_names_the_first_missing_library_where_there_is_no_ldd(tmp_path):
    # a real plugin copied away from the Qt libraries it links: the loader's own answer
    from PySide6.QtCore import QLibraryInfo

    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    copy = tmp_path / "libqxcb.so"
    copy.write_bytes((Path(plugins) / "platforms" / "libqxcb.so").read_bytes())
    missing = dc.missing_from_loading(copy)
    assert missing and missing[0].startswith("libQt6")


def test_only_linux_x11_is_checked(monkeypatch):
    monkeypatch.setattr(dc.sys, "platform", "linux")
    assert dc.uses_xcb({})
    assert dc.uses_xcb({"QT_QPA_PLATFORM": "xcb"})
    assert not dc.uses_xcb({"QT_QPA_PLATFORM": "offscreen"})
    assert dc.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None
    monkeypatch.setattr(dc.sys, "platform", "win32")
    assert not dc.uses_xcb({})


def test_no_display_is_said_plainly(monkeypatch):
    monkeypatch.setattr(dc.sys, "platform", "linux")
    message = dc.display_problem({})
    assert "no display" in message and "--self-test" in message
