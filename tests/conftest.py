"""Fixtures shared by every test: a fresh data folder and store, English by default."""

from __future__ import annotations

import os
from pathlib import Path

# Offscreen Qt with one 1920x1080 screen at 96 dpi (the default is 800x600), so windows
# keep the sizes tests give them and screenshots look like a laptop or a big screen.
_SCREEN = Path(__file__).with_name("offscreen-1920x1080.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

import pytest  # noqa: E402

from mscd_desktop import i18n  # noqa: E402
from mscd_desktop.core.store import Store  # noqa: E402


@pytest.fixture(autouse=True)
def _english_and_isolated(tmp_path_factory, monkeypatch):
    """Every test starts in English with a private default data folder."""
    monkeypatch.setenv("MSCD_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def data_dir(tmp_path):
    """An empty data folder."""
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture
def store(data_dir):
    """An open store in a fresh data folder."""
    opened = Store.open(data_dir)
    yield opened
    opened.close()
