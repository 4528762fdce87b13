"""Fixtures shared by every test: a fresh data folder and store, English by default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# Offscreen Qt with one 1920x1080 screen at 96 dpi (the default is 800x600), so windows
# keep the sizes tests give them and screenshots look like a laptop or a big screen.
_SCREEN = Path(__file__).with_name("offscreen-1920x1080.json")
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_SCREEN}"

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402
from keyring.backends import fail  # noqa: E402

from mscd_desktop import i18n  # noqa: E402
from mscd_desktop.core import local_secret  # noqa: E402
from mscd_desktop.core.store import Store  # noqa: E402

NO_KEYRING = "keyring.backends.fail.Keyring"


@pytest.fixture(autouse=True)
def _english_and_isolated(tmp_path_factory, monkeypatch):
    """Every test starts in English with a private default data folder, and never touches
    the real user's keyring or key folder: no keyring (here and in the processes a test
    starts) and a key folder of its own, unless the test asks for ``memory_keyring``."""
    monkeypatch.setenv("MSCD_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))
    monkeypatch.setenv("MSCD_KEY_DIR", str(tmp_path_factory.mktemp("keys")))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", NO_KEYRING)
    # Read-aloud through Qt's mock speech engine (English, Norwegian and Finnish voices),
    # here and in the apps a test starts: no speech daemon is started or waited for.
    monkeypatch.setenv("MSCD_TTS_ENGINE", "mock")
    keyring.set_keyring(fail.Keyring())
    while local_secret.take_notice():
        pass
    i18n.set_language("en")
    yield
    i18n.set_language("en")
    keyring.set_keyring(fail.Keyring())


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in this test's memory, as Secret Service would keep it."""

    priority = 1
    name = "test memory keyring"

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.passwords.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    """A working keyring for this test only (the real one is never reached)."""
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


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
    # A GUI test's workers (a preview, an export) may still be reading: let them end
    # before the store closes under them. Core tests never load Qt, so nothing waits.
    workers = sys.modules.get("mscd_desktop.gui.common.workers")
    if workers is not None:
        workers.wait_for_all()
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


@pytest.fixture(scope="session")
def bundle_dir() -> Path:
    """The one-folder app that ``python3 dev.py test`` (or ``package``) built just before
    the tests: ``MSCD_BUNDLE_DIR``. Tests of it are skipped, saying why, where it is unset."""
    folder = os.environ.get("MSCD_BUNDLE_DIR")
    if not folder:
        pytest.skip("no bundle built: run `python3 dev.py test` (it builds dist/mscd-desktop)")
    path = Path(folder)
    assert (path / "mscd-desktop").is_file(), f"MSCD_BUNDLE_DIR={path} holds no mscd-desktop"
    return path


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL on 127.0.0.1 for the whole session, shared by the hub and
    sync tests (skips only if it cannot start here)."""
    from sync_support.postgres import PostgresCluster, PostgresUnavailable

    try:
        cluster = PostgresCluster()
        cluster.start()
    except PostgresUnavailable as reason:
        pytest.skip(f"PostgreSQL cannot start here: {reason}")
    yield cluster
    cluster.destroy()
