"""A check-in whose verdict was reported survives the process being killed (SIGKILL)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from mscd_desktop.core import attendees as at
from mscd_desktop.core import checkin as ci
from mscd_desktop.core import events as ev
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.store import Store

BURST = 1000
KILL_AFTER = 250

SCANNER = """
import sys
from datetime import date
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.store import Store

store = Store.open(sys.argv[1])
desk = CheckInDesk(store, sys.argv[2], "burst", today=lambda: date(2026, 6, 10))
for line in sys.stdin:
    verdict = desk.scan(line.strip())
    sys.stdout.write(f"{verdict.status} {verdict.attendee.id}\\n")
    sys.stdout.flush()
"""


@pytest.mark.slow
def test_every_reported_check_in_survives_sigkill(data_dir, tmp_path):
    with Store.open(data_dir) as store:
        event = ev.create_event(
            store, ev.EventDraft(name="Burst", project="CITyFiED", city="Lund", date="2026-06-10")
        )
        records = [
            at.build_record(event.id, at.AttendeeDraft(name=f"Person {n}", audience="citizens"))
            for n in range(BURST)
        ]
        with store.transaction() as db:
            db["attendees"].insert_all(records)
        tk.issue_missing_tickets(store, event.id)
        codes = [t.code for t in tk.list_tickets(store, event.id)]
    script = tmp_path / "scanner.py"
    script.write_text(SCANNER)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen(
        [sys.executable, str(script), str(data_dir), event.id],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    proc.stdin.write("\n".join(codes) + "\n")
    proc.stdin.flush()
    reported = []
    for line in proc.stdout:
        status, attendee_id = line.split()
        assert status == "valid"
        reported.append(attendee_id)
        if len(reported) == KILL_AFTER:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    with Store.open(data_dir) as store:
        stored = ci.checked_in_ids(store, event.id)
        with store.read() as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert set(reported) <= stored
    assert len(stored) < BURST  # it really was killed mid-burst
