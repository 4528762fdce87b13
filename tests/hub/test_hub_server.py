"""A real ``mscd-hub serve`` (uvicorn) under faults: workers, huge and cut requests, restarts."""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select
from sync_support import records as make
from sync_support.hub_server import HubServer

from mscd_desktop.core.ids import new_id
from mscd_desktop.hub.db import reading
from mscd_desktop.hub.schema import records

pytestmark = pytest.mark.slow


def stored(engine) -> int:
    with reading(engine) as db:
        return db.execute(select(func.count()).select_from(records)).scalar()


def push(url: str, token: str, batch: list[dict], timeout: float = 60) -> httpx.Response:
    return httpx.post(
        f"{url}/api/v1/push",
        json={"batch_id": new_id(), "records": batch},
        headers={"Authorization": f"Bearer {token}"},
        timeout=timeout,
    )


def test_two_workers_and_concurrent_pushes_store_each_record_once(
    db_url, engine, valladolid, tmp_path
):
    server = HubServer(db_url, workers=2, log_dir=tmp_path)
    server.start()
    try:
        event = make.event()
        batch = [event, *make.many(event["event_id"], 399)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            answers = list(pool.map(lambda _i: push(server.url, valladolid.token, batch), range(8)))
    finally:
        server.stop()
    for answer in answers:
        assert answer.status_code == 200, answer.text
    per_record = list(
        zip(*[[i["status"] for i in a.json()["results"]] for a in answers], strict=True)
    )
    for statuses in per_record:  # each record: accepted by exactly one push
        assert sorted(statuses) == ["accepted"] + ["duplicate"] * 7
    assert stored(engine) == 400


def _raw_request(
    port: int, head: bytes, body_chunks, read_timeout: float = 30
) -> tuple[bytes, int]:
    """Send *head* then body chunks until the server answers; (answer, body bytes sent)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=read_timeout)
    sent = 0
    sock.sendall(head)
    sock.setblocking(False)
    answer = b""
    try:
        for chunk in body_chunks:
            try:
                answer += sock.recv(65536)
                if answer:
                    break
            except BlockingIOError:
                pass
            try:
                sock.setblocking(True)
                sock.settimeout(5)
                sock.sendall(chunk)
                sent += len(chunk)
                sock.setblocking(False)
            except OSError:
                break
        sock.setblocking(True)
        sock.settimeout(read_timeout)
        while b"\r\n\r\n" not in answer:
            more = sock.recv(65536)
            if not more:
                break
            answer += more
    except OSError:
        pass
    finally:
        sock.close()
    return answer, sent


def test_a_100_mb_request_is_refused_before_it_is_read(hub, valladolid):
    size = 100 * 1024 * 1024
    head = (
        f"POST /api/v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {valladolid.token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {size}\r\n\r\n"
    ).encode()
    chunk = b"[" * (1024 * 1024)
    answer, sent = _raw_request(hub.port, head, (chunk for _i in range(100)))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < size // 4  # answered long before the client could send it all
    # without Content-Length (chunked), the hub stops reading at the limit too
    head = (
        f"POST /api/v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {valladolid.token}\r\nContent-Type: application/json\r\n"
        f"Transfer-Encoding: chunked\r\n\r\n"
    ).encode()
    piece = b"100000\r\n" + b"[" * 0x100000 + b"\r\n"
    answer, sent = _raw_request(hub.port, head, (piece for _i in range(100)))
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    assert sent < size // 4
    event = make.event()
    assert push(hub.url, valladolid.token, [event]).status_code == 200


def test_a_client_that_disconnects_mid_request_leaves_nothing_and_others_are_served(
    hub, engine, valladolid, lund
):
    event = make.event()
    body = httpx.Request(
        "POST", "http://x", json={"batch_id": new_id(), "records": [event]}
    ).content
    head = (
        f"POST /api/v1/push HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {valladolid.token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    for _attempt in range(5):
        with socket.create_connection(("127.0.0.1", hub.port)) as sock:
            sock.sendall(head + body[: len(body) // 2])
    other = make.event()
    assert push(hub.url, lund.token, [other]).json()["results"][0]["status"] == "accepted"
    assert stored(engine) == 1
    assert push(hub.url, valladolid.token, [event]).json()["results"][0]["status"] == "accepted"


def test_garbage_from_one_client_does_not_stop_another_pushing(hub, engine, valladolid, lund):
    event = make.event()
    batches = [[event, *make.many(event["event_id"], 99)]]
    batches += [make.many(event["event_id"], 100, seed=n) for n in range(2, 6)]
    stop = threading.Event()
    refusals: list[int] = []

    def attack() -> None:
        bodies = [b"\xff\xfe garbage", b"{{{{", b'{"batch_id": 1}', b"\x00" * 5000]
        while not stop.is_set():
            for body in bodies:
                answer = httpx.post(
                    f"{hub.url}/api/v1/push",
                    content=body,
                    headers={
                        "Authorization": f"Bearer {lund.token}",
                        "Content-Type": "application/json",
                    },
                    timeout=30,
                )
                refusals.append(answer.status_code)

    attacker = threading.Thread(target=attack)
    attacker.start()
    try:
        for batch in batches:
            answer = push(hub.url, valladolid.token, batch)
            assert answer.status_code == 200
    finally:
        stop.set()
        attacker.join()
    assert refusals and set(refusals) <= {400, 415, 422}
    assert stored(engine) == 500


def test_a_hub_killed_mid_push_loses_and_duplicates_nothing_after_a_retry(hub, engine, valladolid):
    event = make.event()
    batches = [[event, *make.many(event["event_id"], 999)]]
    batches += [make.many(event["event_id"], 1000, seed=n) for n in range(2, 5)]
    outcome: list = []

    def pusher() -> None:
        for batch in batches:
            try:
                outcome.append(push(hub.url, valladolid.token, batch).status_code)
            except httpx.HTTPError as error:
                outcome.append(type(error).__name__)

    thread = threading.Thread(target=pusher)
    thread.start()
    time.sleep(0.3)
    hub.kill()
    thread.join()
    assert any(not isinstance(o, int) for o in outcome), outcome  # the kill cut a push
    hub.start()
    for batch in batches:  # the laptop retries everything not acknowledged
        answer = push(hub.url, valladolid.token, batch)
        assert {i["status"] for i in answer.json()["results"]} <= {"accepted", "duplicate"}
    assert stored(engine) == 4000


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_the_hub_reconnects_after_postgresql_restarts(hub, engine, postgres_server, valladolid):
    postgres = postgres_server
    event = make.event()
    assert push(hub.url, valladolid.token, [event]).status_code == 200
    postgres.restart()  # every pooled connection of the hub is now dead
    second = make.attendee(event["event_id"])
    answer = push(hub.url, valladolid.token, [second])
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"][0]["status"] == "accepted"
    assert httpx.get(f"{hub.url}/healthz").status_code == 200
    postgres.stop()  # while the database is down, pushes get 503 with a reason
    third = make.attendee(event["event_id"])
    down = push(hub.url, valladolid.token, [third])
    assert (down.status_code, down.json()["error"]) == (503, "unavailable")
    assert down.headers["retry-after"]
    postgres.start()
    assert push(hub.url, valladolid.token, [third]).status_code == 200
    engine.dispose()
    assert stored(engine) == 3
