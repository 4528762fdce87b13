"""Fixtures shared by every test: a fresh data folder and store, English by default."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from mscd_desktop import i18n
from mscd_desktop.core.store import Store


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
