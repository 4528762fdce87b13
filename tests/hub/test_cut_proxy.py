"""The loopback cutting proxy, and the hub behind it: cuts lose and duplicate nothing."""

from __future__ import annotations

import contextlib
import random
import socket
import threading

import httpx
import pytest
from sqlalchemy import func, select
from sync_support import records as make
from sync_support.cut_proxy import CutProxy

from mscd_desktop.core.ids import new_id
from mscd_desktop.hub.db import reading
from mscd_desktop.hub.schema import records


def stored(engine) -> int:
    with reading(engine) as db:
        return db.execute(select(func.count()).select_from(records)).scalar()


@pytest.fixture
def sink():
    """A server that counts what it receives and answers 1,000 bytes to each connection."""
    server = socket.create_server(("127.0.0.1", 0))
    received: list[int] = []

    def serve() -> None:
        while True:
            try:
                conn, _addr = server.accept()
            except OSError:
                return
            with conn:
                total = 0
                with contextlib.suppress(OSError):  # a cut connection
                    conn.sendall(b"x" * 1000)
                while True:
                    try:
                        data = conn.recv(65536)
                    except OSError:
                        break
                    if not data:
                        break
                    total += len(data)
                received.append(total)

    threading.Thread(target=serve, daemon=True).start()
    yield server.getsockname()[1], received
    server.close()


def test_the_proxy_cuts_after_the_chosen_number_of_bytes(sink):
    port, received = sink
    proxy = CutProxy(port)
    try:
        proxy.cut_after(10, "up")
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
            sock.sendall(b"y" * 4096)
            ended = False
            try:
                while sock.recv(65536):
                    pass
                ended = True
            except (ConnectionResetError, BrokenPipeError):
                ended = True
            assert ended  # the connection was cut, not left hanging
        proxy.cut_after(300, "down")
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
            got = b""
            try:
                while chunk := sock.recv(65536):
                    got += chunk
            except OSError:
                pass
        assert len(got) == 300
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as sock:
            sock.sendall(b"z" * 5000)  # no plan: everything passes
            sock.shutdown(socket.SHUT_WR)
            while sock.recv(65536):
                pass
    finally:
        proxy.close()
    assert proxy.cuts == 2
    assert received[0] == 10
    assert received[-1] == 5000


def _push(url: str, token: str, batch: list[dict], batch_id: str) -> httpx.Response:
    return httpx.post(
        f"{url}/api/v1/push",
        json={"batch_id": batch_id, "records": batch},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )


@pytest.mark.slow
def test_cuts_at_random_points_over_many_pushes_lose_and_duplicate_nothing(hub, engine, valladolid):
    """A small laptop: push batches through a proxy that cuts at random; retry until
    acknowledged; at the end the hub holds exactly the records sent, hash for hash."""
    proxy = CutProxy(hub.port)
    rng = random.Random(12)
    event = make.event()
    outbox = [event, *make.many(event["event_id"], 1199)]
    batches = [outbox[i : i + 40] for i in range(0, len(outbox), 40)]
    cut_up = cut_down = 0
    try:
        for batch in batches:
            batch_id = new_id()
            while True:
                if rng.random() < 0.6:
                    direction = rng.choice(["up", "down"])
                    proxy.cut_after(rng.randint(1, 12000), direction)
                else:
                    proxy.cut_after(None)
                try:
                    answer = _push(proxy.url, valladolid.token, batch, batch_id)
                except httpx.HTTPError:
                    continue  # cut: the same batch again
                if answer.status_code != 200:
                    continue
                assert {i["status"] for i in answer.json()["results"]} <= {
                    "accepted",
                    "duplicate",
                }
                break
        cut_up, cut_down = proxy.cuts, proxy.connections
    finally:
        proxy.close()
    assert cut_up > 5, "the proxy should have cut some pushes"
    assert cut_down > len(batches)
    held: dict[str, str] = {}
    after = ""
    while True:
        page = httpx.get(
            f"{hub.url}/api/v1/records",
            params={"event_id": event["event_id"], "after": after},
            headers=valladolid.headers,
        ).json()
        held.update({r["id"]: r["payload_hash"] for r in page["records"]})
        if not page["next_after"]:
            break
        after = page["next_after"]
    assert held == {r["id"]: r["payload_hash"] for r in outbox}
    assert stored(engine) == len(outbox)
