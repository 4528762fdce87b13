"""The organiser PIN guards the admin actions a child at the laptop must not reach: saving
personal data to a file, writing a sync bundle, deleting an event, restoring a backup.
A wrong PIN changes nothing; the right one lets the action go ahead."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from mscd_desktop.core import attendees, backups
from mscd_desktop.core import events as ev
from mscd_desktop.core.demo import DEMO_PIN
from mscd_desktop.core.formatting import formats_for
from mscd_desktop.core.store import DB_FILENAME
from mscd_desktop.core.sync.status import unsynced_count
from mscd_desktop.gui.checkin.badge_printing import BadgePrinter
from mscd_desktop.gui.common.workers import wait_for_all
from mscd_desktop.gui.event.event_screen import EventScreen
from mscd_desktop.gui.reports.reports_screen import ReportsScreen
from mscd_desktop.gui.shell.app import Session

pytestmark = pytest.mark.gui

ADDED_NAME = "Added after the backup"


@pytest.fixture
def save_dialog(monkeypatch, tmp_path):
    """Stands in for the file dialog: records each time it is shown, answers a path."""

    class SaveDialog:
        def __init__(self) -> None:
            self.shown: list[str] = []
            self.answer = tmp_path / "saved"

        def __call__(self, _parent, title, *_args, **_kwargs):
            self.shown.append(title)
            return str(self.answer), ""

    dialog = SaveDialog()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(dialog))
    return dialog


def answer_message_box(qtbot, name: str, button_text: str, seen: list[str]) -> None:
    """Press *button_text* on the next message box called *name* (after any PIN prompt)."""
    tries = [0]

    def act() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != name:
            tries[0] += 1
            assert tries[0] < 400, f"no {name} appeared"
            QTimer.singleShot(10, act)
            return
        seen.append(box.text())
        (button,) = [b for b in box.buttons() if b.text() == button_text]
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, act)


@pytest.fixture
def reports(qtbot, demo_context):
    screen = ReportsScreen(demo_context)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    yield screen
    screen.shutdown()
    wait_for_all()


def test_saving_the_attendance_list_needs_the_pin(qtbot, reports, pin_prompt, save_dialog):
    reports.select_document("attendance_csv")
    save_dialog.answer = save_dialog.answer.with_suffix(".csv")
    pin_prompt.answer("9999")
    qtbot.mouseClick(reports.ui.saveButton, Qt.MouseButton.LeftButton)
    assert save_dialog.shown == [] and not save_dialog.answer.exists()
    (asked,) = pin_prompt.seen
    assert asked["title"] == "Save personal data"
    assert "Attendance list (CSV)" in asked["text"] and not asked["accepted"]
    pin_prompt.answer(DEMO_PIN)
    qtbot.mouseClick(reports.ui.saveButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reports.job is not None and reports.job.done, timeout=30_000)
    assert save_dialog.shown == ["Save"]
    listed = attendees.list_attendees(reports.context.store, reports.event.id)
    someone = next(a for a in listed if a.source != "group")  # a class is counted unnamed
    assert someone.name in save_dialog.answer.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize(
    ("key", "label"),
    [
        ("signin", "Sign-in sheet"),
        ("attendance_xlsx", "Attendance list (Excel workbook)"),
        ("attendance_csv_excel", "Attendance list (CSV for Excel)"),
    ],
)
def test_every_file_that_names_people_asks_for_the_pin_first(
    qtbot, reports, pin_prompt, save_dialog, key, label
):
    reports.select_document(key)
    pin_prompt.answer("9999")
    qtbot.mouseClick(reports.ui.saveButton, Qt.MouseButton.LeftButton)
    (asked,) = pin_prompt.seen
    assert label in asked["text"] and not asked["accepted"]
    assert save_dialog.shown == []


def test_certificates_ask_for_the_pin_before_the_folder(qtbot, reports, pin_prompt, monkeypatch):
    folders = []
    monkeypatch.setattr(
        QFileDialog, "getExistingDirectory", staticmethod(lambda *a: folders.append(a) or "")
    )
    reports.select_document("certificates")
    reports.ui.eachCheck.setChecked(True)  # one PDF per person, into a folder
    pin_prompt.answer("9999")
    qtbot.mouseClick(reports.ui.saveButton, Qt.MouseButton.LeftButton)
    assert "Participation certificates" in pin_prompt.seen[0]["text"] and folders == []
    pin_prompt.answer(DEMO_PIN)
    qtbot.mouseClick(reports.ui.saveButton, Qt.MouseButton.LeftButton)
    assert len(folders) == 1  # asked where; cancelled there


def test_the_reach_report_holds_counts_only_and_needs_no_pin(
    qtbot, reports, pin_prompt, save_dialog
):
    reports.select_document("reach_json")
    save_dialog.answer = save_dialog.answer.with_suffix(".json")
    qtbot.mouseClick(reports.ui.saveButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: reports.job is not None and reports.job.done, timeout=30_000)
    assert pin_prompt.seen == [] and save_dialog.answer.exists()


def test_saving_badges_needs_the_pin(qtbot, demo_context, pin_prompt, save_dialog):
    window = QWidget()
    qtbot.addWidget(window)
    printer = BadgePrinter(demo_context, window)
    save_dialog.answer = save_dialog.answer.with_suffix(".pdf")
    pin_prompt.answer("0000")
    printer.save_pdf("badges")
    qtbot.waitUntil(lambda: len(pin_prompt.seen) == 1)
    assert save_dialog.shown == [] and not save_dialog.answer.exists()
    pin_prompt.answer(DEMO_PIN)
    printer.save_pdf("badges")
    qtbot.waitUntil(lambda: printer.task is not None and printer.task.done, timeout=30_000)
    assert save_dialog.shown == ["Save badges"]
    assert save_dialog.answer.read_bytes().startswith(b"%PDF")


def test_deleting_an_event_needs_its_pin_and_a_second_yes_to_lose_unsynced_records(
    qtbot, demo_context, pin_prompt
):
    store = demo_context.store
    event = demo_context.event
    waiting = unsynced_count(store, event.id)
    assert waiting > 0  # the demo day has not been synced
    screen = EventScreen(demo_context)
    qtbot.addWidget(screen)

    pin_prompt.answer("9999")
    qtbot.mouseClick(screen.ui.deleteButton, Qt.MouseButton.LeftButton)
    assert ev.get_event(store, event.id).name == event.name
    (asked,) = pin_prompt.seen
    assert asked["title"] == "Delete event" and event.name in asked["text"]
    assert "have not reached the hub yet and will be lost" in asked["text"]

    seen: list[str] = []
    pin_prompt.answer(DEMO_PIN)
    answer_message_box(qtbot, "unsyncedDeleteQuestion", "&Keep the event", seen)
    qtbot.mouseClick(screen.ui.deleteButton, Qt.MouseButton.LeftButton)
    assert formats_for("en").integer(waiting) in seen[0]
    assert ev.get_event(store, event.id).name == event.name  # kept
    assert unsynced_count(store, event.id) == waiting

    pin_prompt.answer(DEMO_PIN)
    answer_message_box(qtbot, "unsyncedDeleteQuestion", "Delete and &lose them", seen)
    qtbot.mouseClick(screen.ui.deleteButton, Qt.MouseButton.LeftButton)
    assert event.id not in {e.id for e in ev.list_events(store)}
    assert demo_context.event is None
    assert event.name not in [
        screen.ui.eventList.item(i).text() for i in range(screen.ui.eventList.count())
    ]


def _event_names(path) -> set[str]:
    with sqlite3.connect(path) as db:
        return {row[0] for row in db.execute("SELECT name FROM events")}


def test_restoring_a_backup_in_the_app_needs_the_pin_and_keeps_the_data_it_replaces(
    qtbot, demo_context, data_dir, pin_prompt, screenshot
):
    store = demo_context.store
    demo_name = demo_context.event.name
    before_added = backups.create_backup(store)
    ev.create_event(store, ev.EventDraft(ADDED_NAME, "SINFONIA", "Innsbruck", "2026-06-12"))
    session = Session(demo_context)
    window = session.show("event")  # the session deletes it when it restores: closed below
    qtbot.waitUntil(lambda: not window.backing_up)  # the backup taken as the event opened
    dialog = window.show_backups()
    qtbot.waitExposed(dialog)
    listed = dialog.ui.backupList
    assert listed.topLevelItemCount() == 2  # newest first: the one the app just took
    assert listed.topLevelItem(1).text(2) == before_added.name
    listed.setCurrentItem(listed.topLevelItem(1))
    screenshot(dialog, "backups-dialog")

    pin_prompt.answer("9999")
    qtbot.mouseClick(dialog.ui.restoreButton, Qt.MouseButton.LeftButton)
    assert not pin_prompt.seen[0]["accepted"]
    assert session.window is window and ADDED_NAME in {e.name for e in ev.list_events(store)}

    pin_prompt.answer(DEMO_PIN)
    qtbot.mouseClick(dialog.ui.restoreButton, Qt.MouseButton.LeftButton)
    assert pin_prompt.seen[1]["title"] == "Restore a backup"
    try:
        qtbot.waitUntil(lambda: session.window not in (None, window), timeout=30_000)
        restored = session.context.store
        names = {e.name for e in ev.list_events(restored)}
        assert demo_name in names and ADDED_NAME not in names
        (aside,) = data_dir.glob(f"{DB_FILENAME}.before-restore-*[0-9]")
        assert ADDED_NAME in _event_names(aside)  # the replaced data is kept
        qtbot.waitUntil(lambda: session.window.findChild(QMessageBox, "restoreOutcome") is not None)
        outcome = session.window.findChild(QMessageBox, "restoreOutcome")
        assert aside.name in outcome.text()
    finally:
        if session.window is not None:
            session.window.close()
        session.context.shutdown()
        wait_for_all()
        session.context.store.close()


def test_the_backups_dialog_takes_a_backup_now(qtbot, demo_context):
    session = Session(demo_context)
    window = session.show("event")
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: not window.backing_up)  # the backup taken when the event opened
    before = len(backups.list_backups(demo_context.store.backup_dir))
    dialog = window.show_backups()
    qtbot.mouseClick(dialog.ui.backupButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Backed up to" in dialog.ui.messageLabel.text(), timeout=20_000)
    assert dialog.ui.backupList.topLevelItemCount() == before + 1
    window.close()
