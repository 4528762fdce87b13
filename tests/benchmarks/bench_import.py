"""Benchmark: importing a generated 50,000-row CSV of registrations (rows per second).

Prints figures; it is not a test. The file is semicolon-separated UTF-8 with a BOM (as
Excel writes it in Spain), with accents, quoted organisations, decimal-comma ages and a
few bad rows. Reports the whole import (reading, dialect detection, checks, duplicate
detection, staging in batches, publishing) and a second import of the same file, which
must add nothing.

Meanwhile a thread checks people in at the door through core (``CheckInDesk``), one
check-in every few milliseconds into another event of the same store, and the longest
wait of a check-in during the import is printed (target: at most 50 ms).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from mscd_desktop.core import attendees as at
from mscd_desktop.core import checkin as ci
from mscd_desktop.core import events as ev
from mscd_desktop.core.importing import ImportOptions, import_attendees
from mscd_desktop.core.store import Store

ROWS = 50_000
FIRST = [
    "Ana",
    "Lucía",
    "José",
    "María",
    "Hugo",
    "Carmen",
    "Pablo",
    "Sofía",
    "Álvaro",
    "Nuria",
    "Íñigo",
    "Begoña",
    "Sven",
    "Åsa",
    "Björn",
]
LAST = [
    "García",
    "Fernández",
    "López",
    "Martín",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Ruiz",
    "Díaz",
    "Álvarez",
    "Muñoz",
    "Ström",
    "Lindqvist",
]
ORGS = [
    "Ayuntamiento de Laguna de Duero",
    "Universidad de Valladolid",
    "SOMACYL",
    "El Norte de Castilla",
    "Junta de Castilla y León",
    "Vecinos de Torrelago, Bloque 3",
]
AUDIENCES = ["Ciudadanía", "Técnico", "Político", "Prensa", "Financiero"]


def write_file(path: Path, rows: int) -> None:
    rng = random.Random(4)
    lines = ["Nombre;Apellidos;Correo electrónico;Organización;Perfil;Edad;Fotos"]
    for i in range(rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = f"{first.lower()}.{i}@example.es" if i % 3 else ""
        age = f"{rng.randint(18, 80)},{rng.randint(0, 9)}"
        if i % 997 == 0:  # a few rows without a name: rejected
            first = last = ""
        surname = f"{last} {i}" if last else ""
        lines.append(
            f'{first};{surname};{email};"{rng.choice(ORGS)}";'
            f"{rng.choice(AUDIENCES)};{age};{rng.choice(['sí', 'no', ''])}"
        )
    path.write_bytes(b"\xef\xbb\xbf" + ("\r\n".join(lines) + "\r\n").encode("utf-8"))


def write_xlsx(csv_path: Path, path: Path) -> None:
    import csv

    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Inscripciones")
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh, delimiter=";"):
            sheet.append(row)
    book.save(path)


class LockTimer:
    """Measures how long each write transaction holds the store's one writer connection
    (a check-in waits at most that long while an import runs)."""

    def __init__(self, store: Store) -> None:
        self.holds: list[float] = []
        original = store.transaction

        @contextmanager
        def timed():
            with original() as db:
                started = time.perf_counter()  # the lock is ours from here to the commit
                yield db
            self.holds.append(time.perf_counter() - started)

        store.transaction = timed  # type: ignore[method-assign]


class DoorTraffic:
    """A thread checking people in (and out again) through core while an import runs,
    timing each check-in from the call to the returned verdict."""

    PEOPLE = 400
    PAUSE = 0.02  # 50 check-ins a second: far more than a door, enough to catch a wait

    def __init__(self, store: Store) -> None:
        event = ev.create_event(
            store,
            ev.EventDraft(
                name=f"Door {time.time()}", project="CITyFiED", city="Lund", date="2026-06-10"
            ),
        )
        people = [
            at.build_record(event.id, at.AttendeeDraft(name=f"Door guest {i}", audience="citizens"))
            for i in range(self.PEOPLE)
        ]
        with store.transaction() as db:
            db["attendees"].insert_all(people)
        self.ids = [p["id"] for p in people]
        self.desk = ci.CheckInDesk(store, event.id, desk="Door")
        self.waits: list[float] = []
        self._stop = threading.Event()
        self._turn = 0

    def _run(self) -> None:
        while not self._stop.is_set():
            turn = self._turn
            attendee_id = self.ids[turn % len(self.ids)]
            inside = (turn // len(self.ids)) % 2  # first round in, second round out, ...
            started = time.perf_counter()
            if inside:
                self.desk.check_out(attendee_id)
            else:
                self.desk.check_in_attendee(attendee_id)
            self.waits.append(time.perf_counter() - started)
            self._turn += 1
            time.sleep(self.PAUSE)

    def __enter__(self) -> DoorTraffic:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def describe(self) -> str:
        waits = sorted(self.waits)
        if not waits:
            return "no check-ins were made"
        p95 = waits[min(len(waits) - 1, int(len(waits) * 0.95))]
        return (
            f"{len(waits):,} check-ins meanwhile: median {statistics.median(waits) * 1000:.1f} ms"
            f", p95 {p95 * 1000:.1f} ms, longest wait {waits[-1] * 1000:.0f} ms"
        )


def run_import(store: Store, path: Path, label: str, rows: int) -> None:
    door = DoorTraffic(store)
    event = ev.create_event(
        store,
        ev.EventDraft(
            name=f"Benchmark {label}", project="CITyFiED", city="Valladolid", date="2026-06-10"
        ),
    )
    with door:  # the door alone first: what a check-in costs without an import
        time.sleep(1.0)
    print(f"{label}, before the import: {door.describe()}")
    door.waits.clear()
    timer = LockTimer(store)
    batches: list[int] = []
    started = time.perf_counter()
    with door:
        report = import_attendees(
            store,
            event.id,
            path,
            ImportOptions(),
            progress=lambda done, total: batches.append(done),
        )
    first = time.perf_counter() - started
    holds = sorted(timer.holds)
    started = time.perf_counter()
    again = import_attendees(store, event.id, path)
    second = time.perf_counter() - started
    stored = len(at.list_attendees(store, event.id))
    print(
        f"{label}: {rows:,} rows in {first:.2f} s = {rows / first:,.0f} rows/s; added "
        f"{report.added:,}, rejected {report.rejected_rows}, {len(batches)} progress reports"
    )
    print(
        f"  writer lock held per transaction: median {statistics.median(holds) * 1000:.1f} ms"
        f", longest {holds[-1] * 1000:.0f} ms, {len(holds)} transactions"
    )
    print(f"  door: {door.describe()}")
    print(
        f"  same file again: {second:.2f} s = {rows / second:,.0f} rows/s; added "
        f"{again.added}, already imported {again.already_imported:,}; stored {stored:,}"
    )


def main() -> int:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else ROWS
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "registrations.csv"
        write_file(path, rows)
        xlsx = Path(tmp) / "registrations.xlsx"
        write_xlsx(path, xlsx)
        store = Store.open(Path(tmp) / "data")
        print(f"CSV {path.stat().st_size / 1e6:.1f} MB, XLSX {xlsx.stat().st_size / 1e6:.1f} MB")
        run_import(store, path, "CSV (semicolon, UTF-8 with BOM)", rows)
        store.close()
        store = Store.open(Path(tmp) / "data2")
        run_import(store, xlsx, "XLSX (openpyxl read-only)", rows)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
