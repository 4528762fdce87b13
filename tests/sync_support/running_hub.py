"""A running hub for the laptop's sync tests, and enrolling a laptop with it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select

from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import enrolment, settings
from mscd_desktop.hub import devices
from mscd_desktop.hub.db import reading
from mscd_desktop.hub.schema import records

from .hub_server import HubServer

VENUE = "Lund"


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


def enrol(store: Store, hub: Hub, venue: str = VENUE) -> settings.HubAccess:
    """Enrol *store*'s laptop with *hub* through the QR text of a fresh code."""
    return enrolment.enrol(store, hub.enrol_code(venue), device_name=f"{venue} door laptop")


def start_hub(url: str, log_dir) -> Hub:
    """Start ``mscd-hub serve`` on *url*'s database (migrated first) on a free port."""
    from mscd_desktop.hub.db import open_database

    engine = open_database(url)
    server = HubServer(url, log_dir=log_dir)
    server.start()
    return Hub(server, engine)


def stop_hub(hub: Hub) -> None:
    """Stop the hub and let go of its database."""
    hub.server.stop()
    hub.engine.dispose()


class HeldPush:
    """A real push on its own thread, held inside its first ``/push`` request until the
    block ends: meanwhile anything else may try to push. ``report`` is its PushReport."""

    def __init__(self, store: Store) -> None:
        import threading

        import httpx

        from mscd_desktop.core.sync import push

        self.entered, self._release = threading.Event(), threading.Event()
        self.report = None
        held = self

        class Gate(httpx.HTTPTransport):
            def handle_request(self, request):
                if request.url.path.endswith("/push"):
                    held.entered.set()
                    held._release.wait(60)
                return super().handle_request(request)

        def run() -> None:
            self.report = push.push(store, transport=Gate())

        self._thread = threading.Thread(target=run)

    def __enter__(self) -> HeldPush:
        self._thread.start()
        if not self.entered.wait(30):
            raise RuntimeError("the push never reached the hub")
        return self

    def __exit__(self, *exc: object) -> None:
        self._release.set()
        self._thread.join(60)


def hub_databases(folder):
    """(label, URL) of a SQLite hub database, then of a throwaway PostgreSQL one (skipped,
    with the reason printed, where PostgreSQL cannot start); for benchmarks."""
    from .postgres import PostgresCluster, PostgresUnavailable

    yield "SQLite", f"sqlite:///{folder / 'hub.sqlite3'}"
    try:
        cluster = PostgresCluster()
        cluster.start()
    except PostgresUnavailable as reason:
        print(f"PostgreSQL skipped: {reason}")
        return
    try:
        yield "PostgreSQL", cluster.create_database("bench")
    finally:
        cluster.destroy()
