"""Publishing an import in short transactions: the door gets the writer in between, and
a failure, a cancel or a crash part-way still leaves nothing of the import behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from datetime import timedelta

import pytest

from mscd_desktop.cli import main
from mscd_desktop.core import attendees as at
from mscd_desktop.core import checkin as ci
from mscd_desktop.core import events as ev
from mscd_desktop.core import import_runs
from mscd_desktop.core.importing import ImportOptions, import_attendees


@pytest.fixture
def event(store):
    return ev.create_event(
        store,
        ev.EventDraft(name="Open House Linero", project="CITyFiED", city="Lund", date="2026-06-10"),
    )


@pytest.fixture
def big_file(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,E-mail,Notes\n"
        + "".join(f"Person {i},p{i}@x.org,\n" for i in range(1500))
        + "Ana Ek,ana@x.org,Vegetarian\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def ana(store, event):
    """Someone already registered, whom the file's last row merges into."""
    return at.add_attendee(store, event.id, at.AttendeeDraft(name="Ana Ek", email="ana@x.org"))


def notes_left(store) -> list[int]:
    with store.read() as db:
        return [
            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("import_run_rows", "import_run_undo")
        ]


def run_states(store) -> list[str]:
    with store.read() as db:
        return [r[0] for r in db.execute("SELECT state FROM import_runs ORDER BY created_at")]


def test_a_checkin_gets_the_writer_between_two_publishing_steps(
    store, event, big_file, monkeypatch
):
    guest = at.add_attendee(store, event.id, at.AttendeeDraft(name="Eva Gil"))
    desk = ci.CheckInDesk(store, event.id, desk="Door")
    real = import_runs.publish_rows
    seen: dict = {}

    def publish_then_let_the_door_in(*args):
        inserted = real(*args)
        if "verdict" not in seen:
            done = threading.Event()

            def check_in():
                seen["verdict"] = desk.check_in_attendee(guest.id)
                done.set()

            threading.Thread(target=check_in).start()
            assert done.wait(5), "the check-in waited for the whole import"
            seen["people then"] = len(at.list_attendees(store, event.id))
        seen["steps"] = seen.get("steps", 0) + 1
        return inserted

    monkeypatch.setattr(import_runs, "publish_rows", publish_then_let_the_door_in)
    report = import_attendees(store, event.id, big_file)
    assert report.added == 1501 and seen["steps"] > 1
    assert seen["verdict"].admitted == 1
    assert 1 < seen["people then"] < 1502  # the check-in came while the import was publishing


@pytest.mark.parametrize("failing", ["publish_rows", "apply_changes"])
def test_a_failure_while_publishing_rolls_back_rows_and_merges(
    store, event, big_file, ana, monkeypatch, failing
):
    real = getattr(import_runs, failing)
    calls = []

    def fail_on_the_third_step(*args):
        calls.append(1)
        if len(calls) == 3 or failing == "apply_changes":
            raise OSError("disk full")
        return real(*args)

    monkeypatch.setattr(import_runs, failing, fail_on_the_third_step)
    with pytest.raises(OSError, match="disk full"):
        import_attendees(store, event.id, big_file, ImportOptions(duplicates="merge"))
    assert [(a.name, a.notes) for a in at.list_attendees(store, event.id)] == [("Ana Ek", "")]
    assert run_states(store) == ["rolled_back"] and notes_left(store) == [0, 0]


def test_a_cancel_while_publishing_rolls_back(store, event, big_file, ana, monkeypatch):
    real = import_runs.publish_rows
    steps = []

    def counted(*args):
        steps.append(1)
        return real(*args)

    monkeypatch.setattr(import_runs, "publish_rows", counted)
    report = import_attendees(
        store,
        event.id,
        big_file,
        ImportOptions(duplicates="merge"),
        is_cancelled=lambda: len(steps) >= 2,
    )
    assert report.cancelled and report.added == 0
    assert [a.name for a in at.list_attendees(store, event.id)] == ["Ana Ek"]
    assert run_states(store) == ["rolled_back"]


def test_a_merge_rolled_back_restores_the_values_it_replaced(store, event, ana):
    run_id = import_runs.start_run(store, event.id)
    import_runs.apply_changes(store, run_id, [(ana.id, {"organisation": "LKF", "notes": "x"})])
    assert at.get_attendee(store, ana.id).organisation == "LKF"
    import_runs.roll_back(store, run_id)
    stored = at.get_attendee(store, ana.id)
    assert (stored.organisation, stored.notes) == ("", "")


CRASHING_IMPORT = """
import os, signal, sys
from pathlib import Path
from mscd_desktop.core import import_runs
from mscd_desktop.core.importing import ImportOptions, import_attendees
from mscd_desktop.core.store import Store

store = Store.open(Path(sys.argv[1]))
real, steps = import_runs.publish_rows, []

def publish_then_die(*args):
    real(*args)
    steps.append(1)
    if len(steps) == 3:
        os.kill(os.getpid(), signal.SIGKILL)

import_runs.publish_rows = publish_then_die
import_attendees(store, sys.argv[2], sys.argv[3], ImportOptions(duplicates="merge"))
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs kill -9")
def test_an_import_killed_while_publishing_is_rolled_back_at_the_next_start(
    store, data_dir, event, big_file, ana, monkeypatch, capsys
):
    store.close()
    child = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(CRASHING_IMPORT),
            str(data_dir),
            event.id,
            str(big_file),
        ],
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        capture_output=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()
    from mscd_desktop.core.store import Store

    with Store.open(data_dir) as reopened:
        assert len(at.list_attendees(reopened, event.id)) > 1  # half an import is visible
        assert import_runs.recover_interrupted_imports(reopened) == 0  # its heartbeat is fresh
    monkeypatch.setattr(import_runs, "STALE_AFTER", timedelta(0))
    assert main(["--data-dir", str(data_dir), "attendees", "list", "--event", event.id]) == 0
    assert capsys.readouterr().out.count("\n") == 1  # Ana only: the CLI rolled the rest back
    with Store.open(data_dir) as reopened:
        assert [a.name for a in at.list_attendees(reopened, event.id)] == ["Ana Ek"]
        assert run_states(reopened) == ["rolled_back"] and notes_left(reopened) == [0, 0]
        again = import_attendees(reopened, event.id, big_file)
        assert again.added == 1500 and again.duplicates_skipped == 1


def test_a_finished_import_leaves_no_notes(store, event, big_file, ana):
    import_attendees(store, event.id, big_file, ImportOptions(duplicates="merge"))
    assert run_states(store) == ["done"] and notes_left(store) == [0, 0]
    assert at.get_attendee(store, ana.id).notes == "Vegetarian"
