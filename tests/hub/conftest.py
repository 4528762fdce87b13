"""Hub fixtures: every database test runs on SQLite and on a real PostgreSQL on 127.0.0.1."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from sync_support.hub_server import HubServer
from sync_support.records import public_key_text

from mscd_desktop.hub import admins
from mscd_desktop.hub import devices as device_store
from mscd_desktop.hub.app import create_app
from mscd_desktop.hub.db import open_database

ADMIN_PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty hub database: a SQLite file, or a new database on the PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    cluster = request.getfixturevalue("postgres_server")
    return cluster.create_database("hub_" + uuid.uuid4().hex[:12])


@pytest.fixture
def engine(db_url):
    """The hub database with the newest schema."""
    opened = open_database(db_url)
    yield opened
    opened.dispose()


@pytest.fixture
def client(engine):
    """An HTTP client of the hub app (in process)."""
    with TestClient(create_app(engine=engine)) as test_client:
        yield test_client


@dataclass
class VenueDevice:
    """A venue with one enrolled device: its token and signing key."""

    venue: str
    device_id: str
    token: str
    key: Ed25519PrivateKey

    @property
    def headers(self) -> dict[str, str]:
        """The device's Authorization header."""
        return {"Authorization": f"Bearer {self.token}"}


def add_venue_device(engine, name: str) -> VenueDevice:
    """Add venue *name* with one device that registered a public key."""
    device_store.add_venue(engine, name)
    key = Ed25519PrivateKey.generate()
    issued = device_store.create_token(engine, name, f"{name} laptop", public_key_text(key))
    return VenueDevice(name, issued.device.id, issued.token, key)


@pytest.fixture
def valladolid(engine) -> VenueDevice:
    """The Valladolid venue and its laptop."""
    return add_venue_device(engine, "Valladolid")


@pytest.fixture
def lund(engine) -> VenueDevice:
    """The Lund venue and its laptop."""
    return add_venue_device(engine, "Lund")


@pytest.fixture
def admin_client(engine, client):
    """The client signed in as an admin."""
    admins.set_password(engine, "coordinator", ADMIN_PASSWORD)
    answer = client.post(
        "/admin/login",
        data={"username": "coordinator", "password": ADMIN_PASSWORD, "next": "/admin"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    return client


@pytest.fixture
def hub(db_url, engine, tmp_path):
    """A real ``mscd-hub serve`` process (one worker) on the test's database."""
    server = HubServer(db_url, log_dir=tmp_path)
    server.start()
    yield server
    server.stop()
