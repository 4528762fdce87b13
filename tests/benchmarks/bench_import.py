"""Benchmark: importing a generated 50,000-row CSV of registrations (rows per second).

Prints figures; it is not a test. The file is semicolon-separated UTF-8 with a BOM (as
Excel writes it in Spain), with accents, quoted organisations, decimal-comma ages and a
few bad rows. Reports the whole import (reading, dialect detection, checks, duplicate
detection, staging in batches, publishing) and a second import of the same file, which
must add nothing.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from mscd_desktop.core import attendees as at
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
            started = time.perf_counter()
            with original() as db:
                yield db
            self.holds.append(time.perf_counter() - started)

        store.transaction = timed  # type: ignore[method-assign]


def run_import(store: Store, path: Path, label: str, rows: int) -> None:
    event = ev.create_event(
        store,
        ev.EventDraft(
            name=f"Benchmark {label}", project="CITyFiED", city="Valladolid", date="2026-06-10"
        ),
    )
    timer = LockTimer(store)
    batches: list[int] = []
    started = time.perf_counter()
    report = import_attendees(
        store, event.id, path, ImportOptions(), progress=lambda done, total: batches.append(done)
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
        f", longest {holds[-1] * 1000:.0f} ms (the final publish), {len(holds)} transactions"
    )
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
