"""Benchmark: scan-to-verdict latency with 50,000 attendees stored (target p99 <= 15 ms).

Each timed scan is a full :meth:`CheckInDesk.scan`: scanner-text clean-up, Ed25519
signature check, ticket and presence look-ups and the check-in committed to disk
(WAL, synchronous=FULL). Run: ``python tests/benchmarks/bench_checkin.py [N_ATTENDEES]``.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.documents.badges import badge_items, write_pdf
from mscd_desktop.core.store import Store

DAY = date(2026, 6, 10)


def main(people: int = 50_000, scans: int = 2_000) -> None:
    """Fill a store with *people* ticketed attendees, then time *scans* check-ins."""
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder)) as store:
        event = ev.create_event(
            store,
            ev.EventDraft(
                name="Bench",
                project="CITyFiED",
                city="Valladolid",
                date=DAY.isoformat(),
                audiences=("citizens", "technical"),
            ),
        )
        started = time.perf_counter()
        records = [
            at.build_record(
                event.id,
                at.AttendeeDraft(name=f"Person {n}", audience=("citizens", "technical")[n % 2]),
            )
            for n in range(people)
        ]
        with store.transaction() as db:
            db["attendees"].insert_all(records, batch_size=1000)
        tk.issue_missing_tickets(store, event.id)
        setup = time.perf_counter() - started
        codes = [t.code for t in tk.list_tickets(store, event.id)]
        random.seed(4)
        first = random.sample(codes, scans)
        desk = CheckInDesk(store, event.id, "bench", today=lambda: DAY)
        second = CheckInDesk(store, event.id, "bench-2", today=lambda: DAY)
        # fresh tickets at desk 1, then a tenth of them again at desk 2 (already checked in)
        plan = [(desk, c) for c in first] + [(second, c) for c in first[: scans // 10]]
        timings, statuses = [], {}
        for at_desk, code in plan:
            begin = time.perf_counter()
            verdict = at_desk.scan(code + "\r")
            timings.append((time.perf_counter() - begin) * 1000)
            statuses[str(verdict.status)] = statuses.get(str(verdict.status), 0) + 1
        timings.sort()
        p99 = timings[int(len(timings) * 0.99) - 1]
        print(f"attendees stored: {people:,}; tickets issued and stored in {setup:.1f} s")
        print(f"scans timed: {len(timings):,} ({statuses})")
        print(
            f"scan-to-verdict latency: median {statistics.median(timings):.2f} ms, "
            f"p99 {p99:.2f} ms, max {timings[-1]:.2f} ms (target p99 <= 15 ms)"
        )
        items = badge_items(store, event.id)[:1000]
        begin = time.perf_counter()
        write_pdf(Path(folder) / "badges.pdf", event, items)
        spent = time.perf_counter() - begin
        print(f"badge PDF: {len(items):,} badges in {spent:.2f} s ({len(items) / spent:.0f}/s)")
        begin = time.perf_counter()
        counts = desk.counters()
        print(
            f"live counters ({counts.checked_in:,} in / {counts.registered:,}): "
            f"{(time.perf_counter() - begin) * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
