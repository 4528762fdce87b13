"""The walk-in dialog: typed, picked and saved with Enter in a few keystrokes."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt

from mscd_desktop.core import attendees as at
from mscd_desktop.gui.checkin.walk_in_dialog import WalkInDialog


def test_walk_in_is_registered_in_a_few_actions_and_enter_saves(qtbot, demo_context, screenshot):
    dialog = WalkInDialog(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitActive(dialog)
    assert set(dialog.audience_buttons) == {"citizens", "technical", "press"}
    started = time.perf_counter()
    qtbot.keyClicks(dialog.ui.nameEdit, "Rosa Calvo Arranz")
    assert dialog.audience_buttons["press"].shortcut().toString() == "Alt+3"
    qtbot.mouseClick(dialog.audience_buttons["press"], Qt.MouseButton.LeftButton)
    assert dialog.chosen_audience() == "press"
    dialog.ui.photoCheck.setChecked(True)
    screenshot(dialog, "walk_in_dialog")
    with qtbot.waitSignal(dialog.walk_in_registered) as registered:
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert time.perf_counter() - started < 10
    person = registered.args[0]
    assert (person.name, person.audience, person.source) == (
        "Rosa Calvo Arranz",
        "press",
        "walk_in",
    )
    assert person.consent_photo and not person.consent_contact
    assert at.get_attendee(demo_context.store, person.id) == person
    assert dialog.result() == dialog.DialogCode.Accepted


def test_bad_email_is_shown_at_the_field_and_nothing_is_stored(qtbot, demo_context):
    before = len(at.list_attendees(demo_context.store, demo_context.event.id))
    dialog = WalkInDialog(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.nameEdit, "Rosa Calvo")
    qtbot.keyClicks(dialog.ui.emailEdit, "rosa@")
    qtbot.keyClick(dialog.ui.emailEdit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.ui.emailError.isVisibleTo(dialog)
    assert "not an e-mail address" in dialog.ui.emailError.text()
    assert not dialog.ui.nameError.isVisibleTo(dialog)
    assert len(at.list_attendees(demo_context.store, demo_context.event.id)) == before
    dialog.ui.emailEdit.clear()
    with qtbot.waitSignal(dialog.walk_in_registered):
        qtbot.keyClick(dialog.ui.emailEdit, Qt.Key.Key_Return)
    assert len(at.list_attendees(demo_context.store, demo_context.event.id)) == before + 1


def test_empty_name_is_refused(qtbot, demo_context):
    dialog = WalkInDialog(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.ui.nameEdit, Qt.Key.Key_Return)
    assert dialog.isVisible() and "name is empty" in dialog.ui.nameError.text()


def test_someone_already_registered_is_pointed_out_before_a_second_record(qtbot, demo_context):
    store, event = demo_context.store, demo_context.event
    known = next(a for a in at.list_attendees(store, event.id) if a.source == "demo")
    before = len(at.list_attendees(store, event.id))
    dialog = WalkInDialog(demo_context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.ui.nameEdit, known.name.upper())
    with qtbot.waitSignal(dialog.similar_found) as found:
        qtbot.keyClick(dialog.ui.nameEdit, Qt.Key.Key_Return)
    assert found.args[0] == [known]
    assert "Already registered" in dialog.ui.messageLabel.text()
    assert known.name in dialog.ui.messageLabel.text()
    assert dialog.isVisible() and len(at.list_attendees(store, event.id)) == before
    with qtbot.waitSignal(dialog.walk_in_registered):
        qtbot.keyClick(dialog.ui.nameEdit, Qt.Key.Key_Return)
    assert len(at.list_attendees(store, event.id)) == before + 1
