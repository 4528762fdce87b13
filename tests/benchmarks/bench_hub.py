"""Benchmark: push 100,000 records to a hub on 127.0.0.1, then push them again.

A real ``mscd-hub serve`` (uvicorn, one worker) on SQLite, then on a throwaway PostgreSQL
(Debian's binaries), fed by a plain httpx loop in batches of the protocol's size (1,000).
Targets: the push in at most 10 s; the re-push writes nothing (rows counted before and
after, and every answer is ``duplicate``). The laptop's real sync client is measured by its
own benchmark. Run: ``python tests/benchmarks/bench_hub.py [N_RECORDS]``.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ for sync_support

import httpx
from sqlalchemy import func, select
from sync_support import records as make
from sync_support.hub_server import HubServer
from sync_support.running_hub import hub_databases

from mscd_desktop.core.ids import new_id
from mscd_desktop.core.sync.protocol import MAX_BATCH_RECORDS
from mscd_desktop.hub import devices
from mscd_desktop.hub.db import open_database, reading
from mscd_desktop.hub.schema import records


def _rows(engine) -> int:
    with reading(engine) as db:
        return db.execute(select(func.count()).select_from(records)).scalar()


def _push_all(url: str, token: str, outbox: list[dict]) -> tuple[float, dict[str, int]]:
    counts = {"accepted": 0, "duplicate": 0, "conflict": 0, "rejected": 0}
    headers = {"Authorization": f"Bearer {token}"}
    started = time.perf_counter()
    with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
        for start in range(0, len(outbox), MAX_BATCH_RECORDS):
            batch = outbox[start : start + MAX_BATCH_RECORDS]
            answer = client.post("/api/v1/push", json={"batch_id": new_id(), "records": batch})
            answer.raise_for_status()
            for item in answer.json()["results"]:
                counts[item["status"]] += 1
    return time.perf_counter() - started, counts


def run(label: str, url: str, outbox: list[dict], folder: Path) -> None:
    """Push *outbox* twice to a hub on database *url* and print the figures."""
    engine = open_database(url)
    devices.add_venue(engine, "Bench")
    token = devices.create_token(engine, "Bench", "bench").token
    server = HubServer(url, log_dir=folder)
    server.start()
    try:
        seconds, counts = _push_all(server.url, token, outbox)
        rows_before = _rows(engine)
        again, counts_again = _push_all(server.url, token, outbox)
        written = _rows(engine) - rows_before
    finally:
        server.stop()
        engine.dispose()
    rate = len(outbox) / seconds
    print(
        f"{label:<10} push {len(outbox):,} records: {seconds:6.2f} s ({rate:,.0f}/s, "
        f"target <= 10 s)  accepted {counts['accepted']:,}"
    )
    print(
        f"{label:<10} re-push:            {again:6.2f} s, rows written {written} (target 0), "
        f"duplicates {counts_again['duplicate']:,}"
    )


def main(count: int = 100_000) -> None:
    """Both databases, the same outbox."""
    event = make.event()
    outbox = [event, *make.many(event["event_id"], count - 1)]
    print(f"hub push benchmark: {count:,} records, batches of {MAX_BATCH_RECORDS}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for label, url in hub_databases(folder):
            run(label, url, outbox, folder)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
