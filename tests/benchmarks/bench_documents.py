"""Benchmark: certificates and the attendance export (prints figures; not a timed test).

- 1,000 personalised certificates (500 children with their best kiosk game, 500 adults;
  a logo and a signature set), one PDF per person and merged: target at most 10 s; one
  certificate on its own: target at most 100 ms; the PDF size per certificate.
- The attendance export of 50,000 attendees (half of them checked in) in each format.

Run: ``python tests/benchmarks/bench_documents.py [N_CERTIFICATES] [N_ATTENDEES]``.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.documents import event_settings as es
from mscd_desktop.core.documents.certificate_files import write_certificates
from mscd_desktop.core.exports.attendance import export_attendance
from mscd_desktop.core.ids import utc_now
from mscd_desktop.core.quiz import results
from mscd_desktop.core.quiz.engine import AnswerRecord, GameRecord, Mode, Player
from mscd_desktop.core.quiz.scoring import score_answer
from mscd_desktop.core.store import Store

DAY = date(2026, 11, 25)
FIRST = ("Lucía", "Łukasz", "Νίκος", "Ёлка", "Ærø", "Hugo", "Märta", "Zoë", "Ștefan", "Čeněk")


def _event(store: Store, name: str) -> ev.Event:
    return ev.create_event(
        store,
        ev.EventDraft(
            name=name,
            project="CITyFiED",
            city="Valladolid",
            venue="Torrelago district heating plant",
            date=DAY.isoformat(),
            audiences=("school_children", "technical"),
            languages=("es", "en"),
        ),
    )


def _pictures(folder: Path) -> tuple[Path, Path]:
    logo, signature = folder / "logo.png", folder / "signature.png"
    Image.new("RGB", (900, 600), (0, 51, 153)).save(logo)
    picture = Image.new("RGBA", (1200, 360), (0, 0, 0, 0))
    ImageDraw.Draw(picture).line(
        [(40, 300), (400, 60), (800, 280), (1150, 90)], fill="navy", width=12
    )
    picture.save(signature)
    return logo, signature


def _game(name: str, attendee_id: str, group_id: str, n: int) -> GameRecord:
    credits = [1 if (n + i) % 3 else 0 for i in range(8)]
    answers = tuple(
        AnswerRecord(
            f"biomass-kids-{i + 1:02d}",
            "biomass",
            None,
            score_answer(c, elapsed=4, time_limit=None, streak_before=0, questions_in_game=8),
            4.0,
        )
        for i, c in enumerate(credits)
    )
    score = sum(a.score.accuracy + a.score.bonus for a in answers)
    player = Player(name, "fox", attendee_id, group_id)
    language = ("es", "sv", "en")[n % 3]
    return GameRecord(
        player, language, "8-11", Mode.EXPLORER, answers, score, sum(credits), 0.0, 90.0
    )


def certificates(count: int) -> None:
    """Time *count* certificates, one file each and merged, and one alone."""
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "data") as store:
        event = _event(store, "Open House Torrelago: biomass district heating")
        logo, signature = _pictures(Path(folder))
        es.set_logos(store, event.id, [logo, logo])
        es.set_signature(store, event.id, signature)
        es.set_signer(store, event.id, "María López", "Coordinadora")
        desk = CheckInDesk(store, event.id, "A", today=lambda: DAY)
        children = count // 2
        for start in range(0, children, 25):
            size = min(25, children - start)
            names = [f"{FIRST[(start + i) % len(FIRST)]}-{start + i}" for i in range(size)]
            group = at.add_school_group(
                store, event.id, "CEIP Torrelago", f"{start // 25}A", "Ana Gil", names, "8-11"
            )
            desk.check_in_group(group.id)
            pupils = [m for m in at.group_members(store, group.id) if m.role == "pupil"]
            for n, pupil in enumerate(pupils):
                results.save_game(store, event.id, _game(pupil.name, pupil.id, group.id, start + n))
        teachers = len(at.list_groups(store, event.id))
        records = [
            at.build_record(
                event.id,
                at.AttendeeDraft(
                    name=f"{FIRST[n % len(FIRST)]} García {n}",
                    audience="technical",
                    organisation="Universidad de Valladolid",
                ),
            )
            for n in range(count - children - teachers)
        ]
        with store.transaction() as db:
            db["attendees"].insert_all(records)
        for record in records:
            desk.check_in_attendee(record["id"])
        out = Path(folder) / "each"
        out.mkdir()
        begin = time.perf_counter()
        batch = write_certificates(store, event.id, out)
        first = time.perf_counter() - begin
        sizes = [f.stat().st_size for f in batch.files]
        begin = time.perf_counter()
        write_certificates(store, event.id, out)
        again = time.perf_counter() - begin
        begin = time.perf_counter()
        merged = write_certificates(store, event.id, Path(folder), merged=True)
        merged_s = time.perf_counter() - begin
        total, merged_size = batch.certificates, merged.files[0].stat().st_size
        print(f"certificates: {total:,} personalised ({children:,} children with their game)")
        print(
            f"  one PDF each, first run (codes signed and stored): {first:.2f} s "
            f"({first / total * 1000:.1f} ms each) (target <= 10 s)"
        )
        print(f"  one PDF each, again (codes reused): {again:.2f} s")
        print(f"  one merged PDF: {merged_s:.2f} s, {merged_size / 1e6:.1f} MB")
        print(
            f"  PDF size per certificate: own file median {statistics.median(sizes) / 1024:.0f} "
            f"KB (max {max(sizes) / 1024:.0f} KB); in the merged PDF "
            f"{merged_size / total / 1024:.1f} KB"
        )
        one_dir = Path(folder) / "one"
        one_dir.mkdir()
        group = at.add_school_group(store, event.id, "CEIP Sur", "1Z", "Eva Sanz", ["Noa"], "8-11")
        noa = next(m for m in at.group_members(store, group.id) if m.role == "pupil")
        desk.check_in_attendee(noa.id)
        timings = []
        for _ in range(5):
            begin = time.perf_counter()
            write_certificates(store, event.id, one_dir, group="1Z")
            timings.append((time.perf_counter() - begin) * 1000)
        print(
            f"  one certificate (a class of one, whole call): first {timings[0]:.0f} ms, "
            f"median {statistics.median(timings):.0f} ms (target <= 100 ms)"
        )


def attendance(people: int) -> None:
    """Time the attendance export of *people* attendees, half checked in, in each format."""
    with tempfile.TemporaryDirectory() as folder, Store.open(Path(folder) / "data") as store:
        event = _event(store, "Bench attendance")
        records = [
            at.build_record(
                event.id,
                at.AttendeeDraft(
                    name=f"{FIRST[n % len(FIRST)]} Pérez {n}",
                    audience=("technical", "school_children")[n % 2],
                    organisation=f"Organisation {n % 300}",
                ),
            )
            for n in range(people)
        ]
        now = utc_now()
        with store.transaction() as db:
            db["attendees"].insert_all(records, batch_size=1000)
            # half of them checked in (presence rows as check-in writes them)
            db["presence"].insert_all(
                (
                    {
                        "attendee_id": r["id"],
                        "event_id": event.id,
                        "inside": 1,
                        "first_in_at": now,
                        "first_desk": "A",
                        "last_at": now,
                        "last_desk": "A",
                    }
                    for r in records[::2]
                ),
                batch_size=1000,
            )
        print(f"attendance export: {people:,} attendees, {len(records[::2]):,} checked in")
        for fmt, suffix in (("csv", "csv"), ("csv-excel", "csv"), ("xlsx", "xlsx"), ("pdf", "pdf")):
            out = Path(folder) / f"attendance-{fmt}.{suffix}"
            begin = time.perf_counter()
            result = export_attendance(store, event.id, fmt, out)
            spent = time.perf_counter() - begin
            size = out.stat().st_size / 1e6
            print(f"  {fmt:9s}: {spent:6.2f} s, {result.rows:,} rows, {size:.1f} MB")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    people = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    certificates(count)
    attendance(people)


if __name__ == "__main__":
    main()
