"""Two programs writing one store at once (the app and the CLI): each write waits its turn.

Before, transactions began with a plain ``BEGIN`` and upgraded to writing later; SQLite
refuses such an upgrade at once when the other program wrote in between, whatever the busy
timeout, and about 1 write in 60 failed with a raw ``database is locked``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mscd_desktop.core import attendees as at
from mscd_desktop.core import events as ev
from mscd_desktop.core import store_errors
from mscd_desktop.core.errors import StoreBusyError
from mscd_desktop.core.store import Store, database_path

PEOPLE = 500  # each writer stores 500 people and checks each in: 1,000 writes

WRITER = """
import sys
from mscd_desktop.core import attendees as at
from mscd_desktop.core.checkin import CheckInDesk
from mscd_desktop.core.store import Store

data_dir, event_id, name, people = sys.argv[1:5]
store = Store.open(data_dir)
desk = CheckInDesk(store, event_id, desk=name)
print("ready", flush=True)
sys.stdin.readline()  # both writers start together
for n in range(int(people)):
    draft = at.AttendeeDraft(name=f"{name} {n}", audience="citizens")
    person = at.add_attendee(store, event_id, draft)
    verdict = desk.check_in_attendee(person.id)
    assert verdict.status == "valid", verdict
store.close()
print("done", flush=True)
"""

LOCK_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
conn.execute("INSERT INTO app_state VALUES ('holder', 'x', '')")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}


def _event(store):
    return ev.create_event(
        store, ev.EventDraft(name="Two desks", project="ZenN", city="Grenoble", date="2026-06-11")
    )


@pytest.mark.slow
def test_two_processes_writing_a_thousand_records_each_lose_none(data_dir, tmp_path):
    with Store.open(data_dir) as store:
        event = _event(store)
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    writers = [
        subprocess.Popen(
            [sys.executable, str(script), str(data_dir), event.id, name, str(PEOPLE)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for name in ("door", "cli")
    ]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=240) for writer in writers]
    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert out.split() == ["done"] and err == ""
    with Store.open(data_dir) as store, store.read() as db:
        by_desk = dict(
            db.execute("SELECT desk, count(*) FROM checkins WHERE kind = 'in' GROUP BY desk")
        )
        people = db.execute("SELECT count(*) FROM attendees").fetchone()[0]
        inside = db.execute("SELECT count(*) FROM presence WHERE inside = 1").fetchone()[0]
    assert by_desk == {"door": PEOPLE, "cli": PEOPLE}
    assert people == inside == 2 * PEOPLE


def test_every_write_transaction_takes_the_write_lock_first(store):
    statements = []
    store.db.conn.set_trace_callback(statements.append)
    store.set_state("a", "1")  # through store.transaction()
    store.db["app_state"].insert({"key": "b", "value": "2", "updated_at": ""})  # stray write
    store.db.conn.set_trace_callback(None)
    begins = [s for s in statements if s.upper().startswith("BEGIN")]
    assert begins == ["BEGIN IMMEDIATE", "BEGIN IMMEDIATE"]


def test_a_write_that_cannot_get_the_lock_in_time_says_so_in_a_sentence(
    data_dir, tmp_path, monkeypatch
):
    monkeypatch.setattr(store_errors, "BUSY_TIMEOUT_S", 0.5)
    store = Store.open(data_dir)
    event = _event(store)
    script = tmp_path / "holder.py"
    script.write_text(LOCK_HOLDER)
    holder = subprocess.Popen(
        [sys.executable, str(script), str(database_path(data_dir)), "5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        started = time.monotonic()
        with pytest.raises(StoreBusyError) as caught:
            at.add_attendee(store, event.id, at.AttendeeDraft(name="Ana", audience="citizens"))
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert waited >= 0.4  # it waited its turn first, it did not fail at once
    message = str(caught.value)
    assert message.startswith("The database is busy: another mscd program is writing")
    assert "Nothing was saved" in message
    assert at.list_attendees(store, event.id) == []
    store.close()
