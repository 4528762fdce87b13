"""A real hub (``mscd-hub serve`` on 127.0.0.1, SQLite or PostgreSQL) and an enrolled laptop."""

from __future__ import annotations

import uuid

import pytest
from sync_support.running_hub import start_hub, stop_hub


@pytest.fixture(params=["sqlite", "postgresql"])
def hub(request, tmp_path):
    """A hub on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database(
            "hub_" + uuid.uuid4().hex[:12]
        )
    running = start_hub(url, tmp_path)
    yield running
    stop_hub(running)


@pytest.fixture
def sqlite_hub(tmp_path):
    """A hub on SQLite (for tests where the database does not matter)."""
    running = start_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path)
    yield running
    stop_hub(running)
