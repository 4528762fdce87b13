"""Admin actions ask for the organiser PIN; a wrong PIN does nothing and earns a growing wait."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QPushButton, QToolBar, QWidget

from mscd_desktop.core import events as ev
from mscd_desktop.core import local_secret
from mscd_desktop.core.demo import DEMO_PIN
from mscd_desktop.core.organiser_pin import pin_wait
from mscd_desktop.core.store import Store
from mscd_desktop.gui.common import pin_prompt as pp
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.event.event_screen import EventScreen
from mscd_desktop.gui.kiosk.kiosk_screen import KioskScreen
from mscd_desktop.gui.kiosk.speech import Speaker
from mscd_desktop.gui.shell.main_window import MainWindow

T0 = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


class Clock:
    """The time PIN waits are measured against, moved by the test."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    moved = Clock()
    monkeypatch.setattr(pp, "utc_now", moved)
    return moved


def test_closing_an_event_asks_for_its_pin_and_a_wrong_pin_closes_nothing(
    qtbot, demo_context, pin_prompt
):
    screen = EventScreen(demo_context)
    qtbot.addWidget(screen)
    event = demo_context.event
    pin_prompt.answer("9999")
    qtbot.mouseClick(screen.ui.closeButton, Qt.MouseButton.LeftButton)
    assert ev.get_event(demo_context.store, event.id).status == "open"
    assert demo_context.event is not None
    (asked,) = pin_prompt.seen
    assert asked["title"] == "Close event" and event.name in asked["text"]
    assert asked["after"] == [("Wrong PIN.", True)] and not asked["accepted"]
    pin_prompt.answer(DEMO_PIN)
    qtbot.mouseClick(screen.ui.closeButton, Qt.MouseButton.LeftButton)
    assert ev.get_event(demo_context.store, event.id).status == "closed"


def test_changing_the_pin_needs_the_current_one_other_edits_do_not(qtbot, demo_context, pin_prompt):
    screen = EventScreen(demo_context)
    qtbot.addWidget(screen)
    event_id = demo_context.event.id
    screen.ui.pinEdit.setText("5678")
    pin_prompt.answer("1111")
    assert not screen.save()
    assert "current PIN is needed" in screen.ui.messageLabel.text()
    assert ev.check_pin(demo_context.store, event_id, DEMO_PIN).accepted  # unchanged
    screen.ui.pinEdit.setText("5678")
    pin_prompt.answer(DEMO_PIN)
    assert screen.save()
    assert pin_prompt.seen[-1]["title"] == "Change the organiser PIN"
    assert ev.check_pin(demo_context.store, event_id, "5678").accepted
    screen.ui.venueEdit.setText("Boiler room")
    assert screen.save()  # no PIN change: no prompt
    assert len(pin_prompt.seen) == 2


def test_without_a_pin_an_admin_action_is_a_plain_question(qtbot, context, monkeypatch):
    event = ev.create_event(
        context.store,
        ev.EventDraft(name="No PIN day", project="ZenN", city="Lund", date="2026-06-11"),
    )
    asked = []

    def question(*args, **kwargs):
        asked.append(args[1:3])
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    parent = QWidget()
    qtbot.addWidget(parent)
    done = pp.confirm_with_pin(parent, context, title="Close event", text="Close?", event=event)
    assert done is False and asked == [("Close event", "Close?")]


def test_wrong_pins_earn_a_growing_wait_shown_in_the_prompt(qtbot, demo_context, clock, screenshot):
    store, event = demo_context.store, demo_context.event
    prompt = pp.PinPrompt(store, event, title="Reset leaderboard", text="Start a fresh one?")
    qtbot.addWidget(prompt)
    prompt.show()
    seen = []
    for pin in ("0001", "0002", "0003", "0004", DEMO_PIN):
        prompt.ui.pinEdit.clear()
        qtbot.keyClicks(prompt.ui.pinEdit, pin)  # typed into a disabled field: nothing
        qtbot.mouseClick(prompt.ok_button, Qt.MouseButton.LeftButton)
        seen.append((prompt.ui.messageLabel.text(), prompt.ok_button.isEnabled()))
    assert seen[:3] == [("Wrong PIN.", True)] * 3
    assert seen[3] == ("Wrong PIN. Try again in 5 seconds.", False)
    assert seen[4] == seen[3] and prompt.isVisible()  # the right PIN could not even be tried
    assert not prompt.ui.pinEdit.isEnabled()
    screenshot(prompt, "pin-prompt-wait")
    clock.now += timedelta(seconds=2)
    qtbot.waitUntil(lambda: "3 seconds" in prompt.ui.messageLabel.text(), timeout=3000)
    assert pin_wait(store, event.id, now=clock.now).failures == 4
    # a prompt opened during the wait starts waiting
    again = pp.PinPrompt(store, event, title="Close event", text="Close?")
    qtbot.addWidget(again)
    assert again.ui.messageLabel.text() == "Too many wrong PINs. Try again in 3 seconds."
    assert not again.ok_button.isEnabled()
    clock.now += timedelta(seconds=3)
    qtbot.waitUntil(lambda: prompt.ok_button.isEnabled(), timeout=3000)
    assert prompt.ui.messageLabel.text() == "You can try the PIN again."
    qtbot.keyClicks(prompt.ui.pinEdit, DEMO_PIN)
    qtbot.mouseClick(prompt.ok_button, Qt.MouseButton.LeftButton)
    assert prompt.result() == prompt.DialogCode.Accepted and not prompt.isVisible()


def _long_press_corner(qtbot, screen):
    screen.corner._timer.setInterval(30)
    qtbot.mousePress(screen.corner, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ui.pages.currentWidget() is screen.ui.pinPage, timeout=2000)
    qtbot.mouseRelease(screen.corner, Qt.MouseButton.LeftButton)


def _type_on_pad(qtbot, screen, pin):
    for key in pin:
        button = screen.ui.board.findChild(type(screen.ui.pinOkButton), f"pinKey{key}")
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(screen.ui.pinOkButton, Qt.MouseButton.LeftButton)


def test_kiosk_unlock_waits_after_wrong_pins_even_after_a_restart(
    qtbot, demo_context, data_dir, clock
):
    screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    screen.show()
    assert screen.lock()
    _long_press_corner(qtbot, screen)
    for pin in ("1111", "2222", "3333", "4444"):
        _type_on_pad(qtbot, screen, pin)
    assert screen.locked
    assert screen.ui.pinError.text() == "Wrong PIN. Try again in 5 seconds."
    assert not screen.ui.pinOkButton.isEnabled() and not screen.ui.pinEdit.isEnabled()
    _type_on_pad(qtbot, screen, DEMO_PIN)  # the pad is disabled: nothing typed, nothing tried
    assert screen.locked and pin_wait(demo_context.store, demo_context.event.id).failures == 4
    screen.shutdown()
    # the app restarts (a child pulled the plug): still locked, still waiting
    demo_context.store.close()
    with Store.open(data_dir) as reopened:
        again = KioskScreen(AppContext(reopened, data_dir), speaker=Speaker("mock"))
        qtbot.addWidget(again)
        again.show()
        qtbot.waitUntil(lambda: again.locked, timeout=2000)
        clock.now += timedelta(seconds=1)
        _long_press_corner(qtbot, again)
        assert again.ui.pinError.text() == "Too many wrong PINs. Try again in 4 seconds."
        assert not again.ui.pinOkButton.isEnabled()
        assert not again.unlock(DEMO_PIN) and again.last_pin_check.wait_seconds == 4
        clock.now += timedelta(seconds=4)
        assert again.unlock(DEMO_PIN)
        again.shutdown()


def test_the_main_window_says_once_where_the_secret_lives(qtbot, context, screenshot):
    draft = ev.EventDraft(name="Open", project="ZenN", city="Lund", date="2026-06-11", pin="2468")
    ev.create_event(context.store, draft)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.findChild(QToolBar, "secretNoticeBar") is not None)
    bar = window.findChild(QToolBar, "secretNoticeBar")
    text = bar.findChild(QLabel, "secretNotice").text()
    key_file = local_secret.key_dir() / local_secret.KEY_FILE_NAME
    assert str(key_file) in text and "copy of the database" in text
    assert not bar.findChild(QPushButton).hasFocus()  # a scan never lands in it
    screenshot(window, "secret-notice")
    assert window.show_secret_notice() is None  # once
    qtbot.mouseClick(bar.findChild(QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.findChild(QToolBar, "secretNoticeBar") is None)


def test_the_prompt_shows_only_translated_text(qtbot, pseudo_language, demo_context):
    prompt = pp.PinPrompt(demo_context.store, demo_context.event, title="t", text="x")
    qtbot.addWidget(prompt)
    for _ in range(4):
        qtbot.keyClicks(prompt.ui.pinEdit, "0000")
        qtbot.mouseClick(prompt.ok_button, Qt.MouseButton.LeftButton)
    texts = [
        prompt.ui.pinLabel.text(),
        prompt.ui.pinEdit.placeholderText(),
        prompt.ui.messageLabel.text(),
    ]
    assert all(t.startswith("⟦") for t in texts), texts
