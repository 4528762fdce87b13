"""The Sync screen against a real hub: enrol, Sync now with progress and Stop, refused
records with their reasons, the adults' opt-in behind the PIN, a bundle for a USB stick."""

from __future__ import annotations

import gzip
import json
import threading

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QFileDialog, QMessageBox
from sync_support.laptop import open_house, outbox_rows
from sync_support.running_hub import VENUE, start_hub, stop_hub

from mscd_desktop.core import events as ev
from mscd_desktop.core.sync import batches, push, settings
from mscd_desktop.core.sync import status as st
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.sync.sync_screen import SyncScreen

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.fixture
def hub(tmp_path):
    running = start_hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", tmp_path)
    yield running
    stop_hub(running)


@pytest.fixture
def day_context(store, data_dir):
    day = open_house(store)
    context = AppContext(store, data_dir)
    context.day = day
    return context


def make_screen(qtbot, context) -> SyncScreen:
    screen = SyncScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1400, 820)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def click(qtbot, button) -> None:
    assert button.isEnabled(), button.objectName()
    if isinstance(button, QCheckBox):  # on its box: the widget is wider than its text
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def enrol_through_the_form(qtbot, screen, hub) -> None:
    screen.ui.codeEdit.setText(hub.enrol_code())  # the QR's text, pasted
    click(qtbot, screen.ui.enrolButton)
    qtbot.waitUntil(lambda: screen.status.enrolled, timeout=20_000)


def test_enrol_then_sync_now_shows_the_backlog_fall_to_zero(qtbot, day_context, hub):
    screen = make_screen(qtbot, day_context)
    assert screen.ui.summaryLabel.text() == "18 records not yet synced; never synced"
    assert not screen.ui.syncButton.isEnabled()  # nothing to push to yet
    enrol_through_the_form(qtbot, screen, hub)
    assert f"venue {VENUE}" in screen.ui.detailLabel.text()
    assert "Enrolled with" in screen.ui.messageLabel.text()
    progress = []
    day_context.sync.sync_progressed.connect(lambda done, total: progress.append((done, total)))
    with qtbot.waitSignal(day_context.sync.sync_finished, timeout=30_000) as finished:
        click(qtbot, screen.ui.syncButton)
        assert screen.ui.progressBar.isVisible() and screen.ui.cancelButton.isEnabled()
    assert finished.args[0].sent == 18 and progress[-1] == (18, 18)
    last = st.sync_status(day_context.store).last_sync_at
    assert screen.ui.summaryLabel.text() == (
        f"0 records not yet synced; last sync: {st.local_when(last)}"
    )
    assert screen.ui.messageLabel.text() == "18 records sent; refused: 0."
    assert not screen.ui.progressBar.isVisible() and not screen.ui.cancelButton.isEnabled()
    assert len(hub.stored()) == 18


def test_stop_ends_the_push_after_the_batch_in_flight(qtbot, day_context, hub, monkeypatch):
    screen = make_screen(qtbot, day_context)
    enrol_through_the_form(qtbot, screen, hub)
    monkeypatch.setattr(batches, "MAX_BATCH_RECORDS", 4)
    in_second, release = threading.Event(), threading.Event()
    real_push = push.HubClient.push
    calls = []

    def gated(self, body):
        calls.append(1)
        if len(calls) == 2:
            in_second.set()
            release.wait(30)
        return real_push(self, body)

    monkeypatch.setattr(push.HubClient, "push", gated)
    with qtbot.waitSignal(day_context.sync.sync_finished, timeout=30_000) as finished:
        click(qtbot, screen.ui.syncButton)
        qtbot.waitUntil(in_second.is_set, timeout=20_000)
        click(qtbot, screen.ui.cancelButton)
        assert "Stopping" in screen.ui.messageLabel.text()
        release.set()
    report = finished.args[0]
    assert report.cancelled and report.sent == 8 and report.remaining == 10
    assert "10 records wait for the next sync" in screen.ui.messageLabel.text()
    assert screen.ui.summaryLabel.text().startswith("10 records not yet synced; last sync: ")


def test_refused_records_are_listed_with_their_reasons(qtbot, day_context, hub, screenshot):
    from mscd_desktop.gui.shell.main_window import MainWindow

    with day_context.store.transaction() as db:  # a meter that reports negative power
        db.execute("UPDATE energy_minutes SET mean_w = -5 WHERE minute_ts = 1778572800")
    window = MainWindow(day_context)
    qtbot.addWidget(window)
    window.resize(1440, 860)
    window.show()
    screen = window.show_screen("sync")
    enrol_through_the_form(qtbot, screen, hub)
    with qtbot.waitSignal(day_context.sync.sync_finished, timeout=30_000):
        click(qtbot, screen.ui.syncButton)
    table = screen.ui.quarantineTable
    assert table.rowCount() == 1
    assert table.item(0, 0).text() == "Energy minute"
    assert table.item(0, 2).text() == 'payload: "mean_w" must be a number of at least 0.'
    assert table.item(0, 2).toolTip() == table.item(0, 2).text()  # long reasons in full
    assert screen.ui.quarantineBox.title() == "Refused by the hub (never retried): 1"
    assert screen.ui.messageLabel.text() == "17 records sent; refused: 1."
    screenshot(window, "sync")


def test_a_withdrawn_token_is_said_plainly_and_nothing_is_lost(qtbot, day_context, hub):
    from mscd_desktop.hub import devices

    screen = make_screen(qtbot, day_context)
    enrol_through_the_form(qtbot, screen, hub)
    devices.revoke_device(hub.engine, settings.hub_access(day_context.store).device_id)
    with qtbot.waitSignal(day_context.sync.sync_finished, timeout=30_000):
        click(qtbot, screen.ui.syncButton)
    assert screen.ui.problemLabel.isVisible()
    assert "access was withdrawn" in screen.ui.problemLabel.text()
    assert screen.ui.summaryLabel.text().startswith("18 records not yet synced")


def test_sharing_adults_contacts_asks_for_the_pin_first(qtbot, store, data_dir, pin_prompt):
    day = open_house(store)
    ev.update_event(
        store,
        day.event.id,
        ev.EventDraft(
            name=day.event.name,
            project=day.event.project,
            city=day.event.city,
            date=day.event.date,
            languages=("sv",),
            pin="1234",
        ),
    )
    context = AppContext(store, data_dir)
    screen = make_screen(qtbot, context)
    box = screen.ui.shareContactsBox
    assert box.isEnabled() and not box.isChecked()
    pin_prompt.answer("9999")  # a wrong PIN, then the prompt is cancelled
    click(qtbot, box)
    assert not box.isChecked() and not settings.shares_adult_contacts(store, day.event.id)
    pin_prompt.answer("1234")
    click(qtbot, box)
    assert box.isChecked() and settings.shares_adult_contacts(store, day.event.id)
    assert screen.ui.messageLabel.text().startswith("1 adult's contact details go to the hub")
    click(qtbot, box)  # turning it off needs no PIN
    assert not settings.shares_adult_contacts(store, day.event.id)
    certificates = screen.ui.shareCertificatesBox
    pin_prompt.answer("1234")
    click(qtbot, certificates)
    assert certificates.isChecked() and settings.shares_certificates(store, day.event.id)
    assert len(pin_prompt.seen) == 3 and pin_prompt.seen[-1]["accepted"]
    screen.ui.purgeDaysSpin.setValue(14)
    screen.ui.purgeDaysSpin.editingFinished.emit()
    assert settings.purge_days(store) == 14


def test_a_bundle_for_a_usb_stick_is_written_where_chosen(
    qtbot, day_context, hub, tmp_path, monkeypatch
):
    screen = make_screen(qtbot, day_context)
    enrol_through_the_form(qtbot, screen, hub)
    target = tmp_path / "stick" / "lund.mscdbundle"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), ""))
    )
    asked = []  # the event has no PIN: writing the bundle is a yes/no question
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(lambda _parent, title, *_a: asked.append(title) or QMessageBox.Yes),
    )
    click(qtbot, screen.ui.bundleButton)
    assert asked == ["Write the bundle"]
    qtbot.waitUntil(lambda: "records written to" in screen.ui.messageLabel.text(), timeout=20_000)
    document = json.loads(gzip.decompress(target.read_bytes()))
    assert document["bundle"]["record_count"] == 18
    assert screen.ui.summaryLabel.text().startswith("18 records not yet synced")  # not yet


def test_the_app_retries_on_its_own_once_the_backoff_wait_is_over(qtbot, day_context, hub):
    from datetime import UTC, datetime, timedelta

    screen = make_screen(qtbot, day_context)
    enrol_through_the_form(qtbot, screen, hub)
    store = day_context.store
    hub.server.stop()  # the venue's network drops
    with qtbot.waitSignal(day_context.sync.sync_finished, timeout=60_000) as failed:
        click(qtbot, screen.ui.syncButton)
    assert failed.args[0].error_kind == "transient"
    next_at = st.parse_utc(st.sync_status(store).next_attempt_at)
    assert timedelta(seconds=4) < next_at - datetime.now(UTC) <= timedelta(seconds=11)
    assert "Next automatic attempt at" in screen.ui.detailLabel.text()
    assert not st.automatic_sync_due(store)  # waits out the backoff
    hub.server.start()
    assert st.automatic_sync_due(store, now=next_at + timedelta(seconds=1))
    with store.transaction() as db:  # as if the wait had passed
        settings.put_values(db, {st.NEXT_ATTEMPT: st.utc_text(datetime.now(UTC))})
    with qtbot.waitSignal(day_context.sync.sync_finished, timeout=30_000) as retried:
        day_context.sync._on_timer_timeout()
    assert retried.args[0].sent == 18
    assert outbox_rows(store, state="sent")
