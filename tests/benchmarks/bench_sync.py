"""Benchmark: the laptop's real sync client pushing 100,000 records to a hub on 127.0.0.1.

A laptop store is filled through the app's own tables (25,000 attendees, their check-ins,
25,000 kiosk games, 25,000 energy minutes: every row gets its outbox row from the
triggers), enrolled with a real ``mscd-hub serve`` on SQLite, then on a throwaway
PostgreSQL, and pushed with ``core.sync.push`` (privacy filter, batches, marking). While
it pushes, a door desk checks someone in every 20 ms on another thread, as the GUI does
while the Sync screen's push runs on the thread pool.

Figures and targets: the push of 100,000 records (at most 10 s); a second push with
nothing new (no record sent, nothing written on the hub); a forced re-send of everything,
as after lost acknowledgements (every answer ``duplicate``, nothing written on the hub);
the longest check-in during the push (at most 50 ms). Run:
``python tests/benchmarks/bench_sync.py [N_RECORDS]``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/ for sync_support

from sqlalchemy import func, select
from sync_support.running_hub import hub_databases, start_hub, stop_hub

from mscd_desktop.core import events as ev
from mscd_desktop.core.attendee_records import AttendeeDraft, build_record
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.energy.energy_minutes import MinuteRow, save_minutes
from mscd_desktop.core.ids import new_id, stamped, utc_now
from mscd_desktop.core.store import Store
from mscd_desktop.core.sync import enrolment, push
from mscd_desktop.core.sync.status import unsynced_count
from mscd_desktop.hub.db import reading
from mscd_desktop.hub.schema import records

DOOR_PEOPLE = 2_000
CHECKIN_EVERY_S = 0.020


def fill(store: Store, count: int) -> tuple[str, list[str]]:
    """An event with *count* records to sync, and people waiting at the door."""
    event = ev.create_event(
        store,
        ev.EventDraft(
            name="Open House Lund",
            project="CELSIUS",
            city="Lund",
            date="2026-05-12",
            audiences=("citizens",),
            languages=("sv", "en"),
        ),
    )
    quarter = (count - 1) // 4
    people = [
        build_record(
            event.id, AttendeeDraft(name=f"Visitor {i}", audience="citizens", age_band="18+")
        )
        for i in range(quarter)
    ]
    door = [
        build_record(
            event.id, AttendeeDraft(name=f"Late {i}", audience="technical", age_band="18+")
        )
        for i in range(DOOR_PEOPLE)
    ]
    now = utc_now()
    with store.transaction() as db:
        db["attendees"].insert_all(people, batch_size=1000)
        db["checkins"].insert_all(
            (
                {
                    "id": new_id(),
                    "event_id": event.id,
                    "attendee_id": p["id"],
                    "kind": "in",
                    "desk": "A",
                    "method": "scan",
                    "batch_id": new_id(),
                    "created_at": now,
                    "updated_at": now,
                }
                for p in people
            ),
            batch_size=1000,
        )
        db["quiz_games"].insert_all(
            (
                stamped(
                    {
                        "event_id": event.id,
                        "player_name": f"Kid{i}",
                        "avatar": "fox",
                        "team": 0,
                        "language": "sv",
                        "age_band": "8-11",
                        "mode": "explorer",
                        "score": i % 900,
                        "correct": 5,
                        "questions": 8,
                        "missed": "[]",
                        "on_leaderboard": 1,
                        "day": "2026-05-12",
                        "seconds": 60.5,
                    }
                )
                for i in range(quarter)
            ),
            batch_size=1000,
        )
    minutes = count - 1 - 3 * quarter
    save_minutes(
        store,
        event.id,
        [MinuteRow("plug", 1_778_572_800 + 60 * i, 100.0, 120.0, 1.6, 60) for i in range(minutes)],
    )
    with store.transaction() as db:  # the people at the door arrive later: not in the push
        db["attendees"].insert_all(door, batch_size=1000)
        db.execute(
            "DELETE FROM sync_outbox WHERE subject IN (SELECT id FROM attendees "
            "WHERE name LIKE 'Late %')"
        )
    return event.id, [p["id"] for p in door]


class Door:
    """Checks someone in every 20 ms on its own thread; keeps each check-in's duration."""

    def __init__(self, store: Store, event_id: str, people: list[str]) -> None:
        self.desk = CheckInDesk(store, event_id, desk="Door")
        self.people = iter(people)
        self.durations: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Door:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            person = next(self.people, None)
            if person is None:
                return
            started = time.perf_counter()
            self.desk.check_in_attendee(person)
            self.durations.append(time.perf_counter() - started)
            self._stop.wait(CHECKIN_EVERY_S)


def hub_rows(hub) -> int:
    with reading(hub.engine) as db:
        return db.execute(select(func.count()).select_from(records)).scalar()


def run(label: str, url: str, count: int, folder: Path) -> None:
    """Fill a laptop, push it to a hub on *url* three ways, print the figures."""
    hub = start_hub(url, folder)
    try:
        with Store.open(folder / f"laptop-{label}") as store:
            started = time.perf_counter()
            event_id, door_people = fill(store, count)
            made = time.perf_counter() - started
            enrolment.enrol(store, hub.enrol_code(), device_name="bench laptop")
            waiting = unsynced_count(store)
            idle = Door(store, event_id, door_people[:50])
            with idle:
                time.sleep(50 * CHECKIN_EVERY_S * 1.5)
            with Door(store, event_id, door_people[50:]) as door:
                started = time.perf_counter()
                report = push.push(store)
                seconds = time.perf_counter() - started
            rows = hub_rows(hub)
            new_since = unsynced_count(store)  # check-ins made after the first push ended
            started = time.perf_counter()
            again = push.push(store)
            again_s = time.perf_counter() - started
            written_again = hub_rows(hub) - rows
            with store.transaction() as db:  # as if every acknowledgement had been lost
                db.execute("UPDATE sync_outbox SET state = 'ready' WHERE state = 'sent'")
            resend_count = unsynced_count(store)
            rows = hub_rows(hub)
            started = time.perf_counter()
            resent = push.push(store)
            resent_s = time.perf_counter() - started
            written_resend = hub_rows(hub) - rows
    finally:
        stop_hub(hub)
    longest = max(door.durations) * 1000
    median = statistics.median(door.durations) * 1000
    idle_longest = max(idle.durations) * 1000
    print(f"{label:<10} laptop filled with {waiting:,} records in {made:.1f} s")
    print(
        f"{label:<10} push {report.sent:,} records: {seconds:6.2f} s "
        f"({report.sent / seconds:,.0f}/s, {report.batches} batches, target <= 10 s)"
    )
    print(
        f"{label:<10} check-ins during the push: {len(door.durations)}, longest "
        f"{longest:.1f} ms (target <= 50 ms), median {median:.1f} ms; idle longest "
        f"{idle_longest:.1f} ms"
    )
    print(
        f"{label:<10} push again: {again_s:6.2f} s, {again.sent} records sent and "
        f"{written_again} hub rows written for {new_since} new since (target: no more)"
    )
    print(
        f"{label:<10} forced re-send of {resend_count:,}: {resent_s:6.2f} s, hub rows written "
        f"{written_resend} (target 0), all answered duplicate: "
        f"{resent.sent == resend_count and resent.quarantined == 0}"
    )


def main(count: int = 100_000) -> None:
    """SQLite, then PostgreSQL."""
    print(f"sync client benchmark: {count:,} records, real client, real hub on 127.0.0.1")
    with tempfile.TemporaryDirectory() as name:
        for label, url in hub_databases(Path(name)):
            run(label, url, count, Path(name))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 100_000)
