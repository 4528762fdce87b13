"""A real hub (``mscd-hub serve`` on 127.0.0.1, SQLite or PostgreSQL) and an enrolled laptop."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy import Engine, select
from sync_support.hub_server import HubServer
from sync_support.postgres import PostgresCluster, PostgresUnavailable

from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import enrolment, settings
from mscd_desktop.hub import devices
from mscd_desktop.hub.db import open_database, reading
from mscd_desktop.hub.schema import records

VENUE = "Lund"


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL for the session (skips only if it cannot start)."""
    try:
        cluster = PostgresCluster()
        cluster.start()
    except PostgresUnavailable as reason:
        pytest.skip(f"PostgreSQL cannot start here: {reason}")
    yield cluster
    cluster.destroy()


@dataclass
class Hub:
    """A running hub and its database."""

    server: HubServer
    engine: Engine

    @property
    def url(self) -> str:
        return self.server.url

    def enrol_code(self, venue: str = VENUE) -> str:
        """A fresh one-time code's QR text for *venue* (added if new)."""
        if venue not in {v.name for v in devices.list_venues(self.engine)}:
            devices.add_venue(self.engine, venue)
        return devices.create_enrol_code(self.engine, venue, self.url).qr_text

    def stored(self) -> dict[str, tuple]:
        """Every record on the hub: id → (kind, payload hash, corrects, occurred_at)."""
        with reading(self.engine) as db:
            rows = db.execute(
                select(
                    records.c.id,
                    records.c.kind,
                    records.c.payload_hash,
                    records.c.corrects,
                    records.c.occurred_at,
                )
            ).all()
        return {r.id: (r.kind, r.payload_hash, r.corrects, r.occurred_at) for r in rows}


def _hub(url: str, tmp_path) -> Hub:
    engine = open_database(url)
    server = HubServer(url, log_dir=tmp_path)
    server.start()
    return Hub(server, engine)


@pytest.fixture(params=["sqlite", "postgresql"])
def hub(request, tmp_path):
    """A hub on SQLite, then on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").create_database(
            "hub_" + uuid.uuid4().hex[:12]
        )
    running = _hub(url, tmp_path)
    yield running
    running.server.stop()
    running.engine.dispose()


@pytest.fixture
def sqlite_hub(tmp_path):
    """A hub on SQLite (for tests where the database does not matter)."""
    running = _hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path)
    yield running
    running.server.stop()
    running.engine.dispose()


def enrol(store: Store, hub: Hub, venue: str = VENUE) -> settings.HubAccess:
    """Enrol *store*'s laptop with *hub* through the QR text of a fresh code."""
    return enrolment.enrol(store, hub.enrol_code(venue), device_name=f"{venue} door laptop")
