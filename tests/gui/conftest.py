"""GUI test fixtures: private settings, the app's stylesheet, a context on a fresh store."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from mscd_desktop.core.demo import create_demo
from mscd_desktop.gui.app import create_application
from mscd_desktop.gui.context import AppContext
from mscd_desktop.gui.translator import apply_language
from mscd_desktop.gui.workers import wait_for_all

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


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


@pytest.fixture
def screenshot():
    """``screenshot(widget, name)`` saves docs/screenshots/<name>.png (README pictures)."""

    def save(widget, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        assert widget.grab().save(str(path))
        return path

    return save
