"""GUI test fixtures: private settings, the app's stylesheet, a context on a fresh store."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from mscd_desktop.core.demo import create_demo
from mscd_desktop.gui.app import create_application
from mscd_desktop.gui.context import AppContext
from mscd_desktop.gui.translator import apply_language
from mscd_desktop.gui.workers import wait_for_all

README_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def screenshot_folder(tmp_factory) -> Path:
    """docs/screenshots with MSCD_UPDATE_SCREENSHOTS=1 (``python3 dev.py screenshots``),
    else a temporary folder, so a test run leaves the README pictures as they are."""
    if os.environ.get("MSCD_UPDATE_SCREENSHOTS") == "1":
        return README_SCREENSHOTS
    return tmp_factory.getbasetemp() / "screenshots"


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, qapp):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    create_application()
    apply_language("en")
    yield
    wait_for_all()
    apply_language("en")


@pytest.fixture
def context(store, data_dir):
    """An AppContext on an empty store."""
    return AppContext(store, data_dir)


@pytest.fixture
def demo_context(store, data_dir):
    """An AppContext with the demo event open."""
    create_demo(store)
    return AppContext(store, data_dir)


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory) -> Path:
    """Where screenshots go (see :func:`screenshot_folder`)."""
    folder = screenshot_folder(tmp_path_factory)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def screenshot(screenshot_dir):
    """``screenshot(widget, name)`` saves <name>.png; README pictures with
    MSCD_UPDATE_SCREENSHOTS=1."""

    def save(widget, name: str) -> Path:
        path = screenshot_dir / f"{name}.png"
        assert widget.grab().save(str(path))
        return path

    return save
