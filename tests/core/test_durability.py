"""A SIGKILL in the middle of editing loses nothing that was reported saved."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

from mscd_desktop.core import events as ev
from mscd_desktop.core.store import Store

EDITOR = textwrap.dedent("""
    import sys
    from mscd_desktop.core import events as ev
    from mscd_desktop.core.store import Store

    store = Store.open(sys.argv[1])
    base = ev.create_event(store, ev.EventDraft(
        name="Base", project="CELSIUS", city="Gothenburg", date="2026-06-12"))
    print("base", base.id, flush=True)
    i = 0
    while True:
        i += 1
        ev.update_event(store, base.id, ev.EventDraft(
            name="Base", project="CELSIUS", city="Gothenburg", date="2026-06-12",
            venue=f"edit {i}"))
        created = ev.create_event(store, ev.EventDraft(
            name=f"Event {i}", project="CELSIUS", city="Gothenburg", date="2026-06-12"))
        print("saved", i, created.id, flush=True)
""")


def test_sigkill_during_edits_keeps_every_reported_change(data_dir, tmp_path):
    script = tmp_path / "editor.py"
    script.write_text(EDITOR)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(data_dir)],
        stdout=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )
    base_id = proc.stdout.readline().split()[1]
    reported: list[tuple[int, str]] = []
    for line in proc.stdout:
        _word, number, event_id = line.split()
        reported.append((int(number), event_id))
        if len(reported) >= 150:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL

    store = Store.open(data_dir)
    try:
        ids = {e.id for e in ev.list_events(store)}
        missing = [n for n, event_id in reported if event_id not in ids]
        assert missing == []
        venue = ev.get_event(store, base_id).venue
        assert int(venue.split()[1]) >= reported[-1][0]
        with store.read() as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        store.close()
