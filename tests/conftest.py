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


PSEUDO_LANGUAGE = "eo"  # a locale Babel and Qt know, standing in for a test language


@pytest.fixture
def pseudo_language(tmp_path, monkeypatch):
    """Switch to a language whose every translation is the English text in ⟦…⟧: any
    visible text without the brackets did not go through ``_()``."""
    import io

    from babel.messages.mofile import write_mo

    from mscd_desktop.devtools import translations

    catalog = translations.build_template()
    catalog.locale = PSEUDO_LANGUAGE
    for message in catalog:
        if message.id:
            message.string = (
                tuple(f"⟦{m}⟧" for m in message.id)
                if isinstance(message.id, tuple)
                else f"⟦{message.id}⟧"
            )
    folder = tmp_path / "pseudo-locale" / PSEUDO_LANGUAGE / "LC_MESSAGES"
    folder.mkdir(parents=True)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    (folder / f"{i18n.DOMAIN}.mo").write_bytes(buffer.getvalue())
    monkeypatch.setattr(i18n, "locale_dir", lambda: tmp_path / "pseudo-locale")
    assert i18n.set_language(PSEUDO_LANGUAGE) == PSEUDO_LANGUAGE
    yield PSEUDO_LANGUAGE
    i18n.set_language("en")
