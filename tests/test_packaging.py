"""A non-editable install carries the forms, resources and catalogues, and runs anywhere."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("mscd_desktop-*.whl"))


def test_wheel_contains_forms_resources_and_catalogues(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    forms = [form.relative_to(ROOT / "ui").as_posix() for form in (ROOT / "ui").rglob("*.ui")]
    assert "checkin/checkin_screen.ui" in forms
    assert [form for form in forms if f"mscd_desktop/_ui/{form}" not in names] == []
    assert "mscd_desktop/_resources/styles/app.qss" in names
    for language in ("es", "sv"):
        assert f"mscd_desktop/_resources/locale/{language}/LC_MESSAGES/mscd.mo" in names


def test_installed_package_runs_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target), "MSCD_LANGUAGE": "es"}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "from mscd_desktop import paths; print(paths.ui_dir()); print(paths.resources_dir())",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    ui_dir, resources_dir = probe.stdout.split()
    assert ui_dir.startswith(str(target)) and resources_dir.startswith(str(target))
    demo = subprocess.run(
        [
            sys.executable,
            "-m",
            "mscd_desktop.cli",
            "--data-dir",
            str(tmp_path / "d"),
            "demo",
            "--json",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert demo.returncode == 0, demo.stderr
    assert json.loads(demo.stdout)["city"] == "Valladolid"
    failing = subprocess.run(
        [
            sys.executable,
            "-m",
            "mscd_desktop.cli",
            "--data-dir",
            str(tmp_path / "d"),
            "event",
            "open",
            "nope",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert "No hay ningún evento" in failing.stderr


def test_read_aloud_finds_spanish_and_swedish_voices_through_speech_dispatcher(tmp_path):
    """packaging/debian-packages.txt brings what Qt's speechd plugin needs: its library
    (libspeechd2), the speech-dispatcher daemon and espeak-ng's voices."""
    listed = (ROOT / "packaging" / "debian-packages.txt").read_text().split()
    assert {"speech-dispatcher", "espeak-ng", "libspeechd2"} <= set(listed)
    script = (
        "from PySide6.QtWidgets import QApplication\n"
        "from mscd_desktop.gui.kiosk.speech import Speaker\n"
        "app = QApplication([])\n"
        "speaker = Speaker('speechd')\n"
        "print(speaker.available, speaker.can_read('es'), speaker.can_read('sv'))\n"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),  # a speech-dispatcher of its own
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"], done.stderr
