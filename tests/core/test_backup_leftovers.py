"""What a killed backup leaves (its partial copy and ``-journal``) is cleared at the next
start; a backup still running keeps its file, and the good backups stay.

Before, every killed backup left its temporary copy behind for good (277 MB after 7 kills).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from mscd_desktop.core import attendees as at
from mscd_desktop.core import backups as bk
from mscd_desktop.core import events as ev
from mscd_desktop.core.store import Store

# A real backup process, paused half-way through VACUUM INTO (SQLite's progress handler
# waits for a line on stdin) so that the test can kill it there, or let it finish.
BACKUP = """
import sqlite3, sys
from mscd_desktop.core import backups
from mscd_desktop.core.store import Store

store = Store.open(sys.argv[1], program="mscd backup create")
opened = sqlite3.connect
steps = {"n": 0}

def midway():
    steps["n"] += 1
    if steps["n"] == 20:
        print("midway", flush=True)
        sys.stdin.readline()
    return 0

def connect_slowly(*args, **kwargs):
    conn = opened(*args, **kwargs)
    conn.set_progress_handler(midway, 200)
    return conn

sqlite3.connect = connect_slowly
taken = backups.create_backup(store)
store.close()
print("done", taken.name, flush=True)
"""


def _store_with_data(data_dir: Path) -> list[str]:
    with Store.open(data_dir) as store:
        event = ev.create_event(
            store,
            ev.EventDraft(name="Backups", project="CELSIUS", city="Gothenburg", date="2026-06-14"),
        )
        records = [
            at.build_record(event.id, at.AttendeeDraft(name=f"Person {n}", audience="citizens"))
            for n in range(3000)
        ]
        with store.transaction() as db:
            db["attendees"].insert_all(records)
        return [bk.create_backup(store).name for _ in range(2)]


def _start_backup(script: Path, data_dir: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, str(script), str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert proc.stdout.readline().strip() == "midway"
    return proc


def _partials(backup_dir: Path) -> list[str]:
    return sorted(p.name for p in backup_dir.glob(".partial-*"))


def _copies(names: list[str]) -> list[str]:
    return [n for n in names if n.endswith(".sqlite3")]


def test_a_killed_backups_leftovers_are_removed_at_the_next_start(data_dir, tmp_path):
    good = _store_with_data(data_dir)
    script = tmp_path / "backup.py"
    script.write_text(BACKUP)
    backup_dir = data_dir / "backups"
    for _kill in range(3):
        proc = _start_backup(script, data_dir)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        left = _partials(backup_dir)
        # this kill's copy and -journal, and nothing of the kills before
        assert len(_copies(left)) == 1 and any(n.endswith("-journal") for n in left)
    Store.open(data_dir).close()  # the next start
    assert _partials(backup_dir) == []
    proc = _start_backup(script, data_dir)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    killed = _partials(backup_dir)
    running = _start_backup(script, data_dir)  # its start clears the killed one's files
    try:
        own = _partials(backup_dir)
        assert len(_copies(own)) == 1 and not set(own) & set(killed)
        Store.open(data_dir).close()  # another start, while the backup runs
        assert _partials(backup_dir) == own  # a running backup keeps its copy
        running.stdin.write("go on\n")
        running.stdin.flush()
        out, _err = running.communicate(timeout=60)
    finally:
        running.kill()
        running.wait()
    assert running.returncode == 0 and out.startswith("done mscd-")
    assert _partials(backup_dir) == []
    names = [b.name for b in bk.list_backups(backup_dir)]
    assert set(good) <= set(names) and len(names) == 3
    finished = Store(bk.list_backups(backup_dir)[0].path, backup_dir=tmp_path / "unused")
    with finished.read() as db:
        assert db.execute("SELECT count(*) FROM attendees").fetchone()[0] == 3000
    finished.close()
