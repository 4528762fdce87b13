"""The Event screen: errors at their fields, nothing half-stored, open and close."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from mscd_desktop.core import events as ev
from mscd_desktop.gui.event.event_screen import EventScreen


def _fill(screen, name="Open House Linero", city="Lund", project="CITyFiED"):
    screen.start_new_event()
    screen.ui.nameEdit.setText(name)
    screen.ui.projectCombo.setCurrentText(project)
    screen.ui.cityEdit.setText(city)
    screen.ui.dateEdit.setDate(QDate(2026, 6, 10))


def test_a_new_event_is_saved_and_opened(qtbot, context):
    screen = EventScreen(context)
    qtbot.addWidget(screen)
    _fill(screen)
    qtbot.mouseClick(screen.ui.saveButton, Qt.MouseButton.LeftButton)
    assert [e.name for e in ev.list_events(context.store)] == ["Open House Linero"]
    assert context.event is not None and context.event.city == "Lund"
    assert screen.ui.messageLabel.text() == "Saved."


def test_bad_fields_are_named_at_the_field_and_nothing_is_stored(qtbot, context):
    screen = EventScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    _fill(screen, name="  ", city="")
    screen.ui.languagesEdit.setText("xx-yy-zz")
    assert not screen.save()
    assert screen.ui.nameError.isVisible() and "needs a name" in screen.ui.nameError.text()
    assert screen.ui.cityError.isVisible() and "needs a city" in screen.ui.cityError.text()
    assert "not a language code" in screen.ui.languagesError.text()
    assert not screen.ui.venueError.isVisible()
    assert screen.focusWidget() is screen.ui.nameEdit  # the first bad field
    assert "Nothing was saved" in screen.ui.messageLabel.text()
    assert ev.list_events(context.store) == []
    _fill(screen)
    assert screen.save()
    assert not screen.ui.nameError.isVisible()  # fixed fields lose their messages


def test_a_duplicate_event_is_refused_at_the_name(qtbot, context):
    screen = EventScreen(context)
    qtbot.addWidget(screen)
    _fill(screen)
    assert screen.save()
    _fill(screen)
    assert not screen.save()
    assert "already exists" in screen.ui.nameError.text()
    assert len(ev.list_events(context.store)) == 1


def test_closing_and_reopening_an_event(qtbot, context, monkeypatch):
    screen = EventScreen(context)
    qtbot.addWidget(screen)
    _fill(screen)
    assert screen.save()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(screen.ui.closeButton, Qt.MouseButton.LeftButton)
    event = ev.list_events(context.store)[0]
    assert event.status == "closed" and context.event is None
    assert "Reopen" in screen.ui.closeButton.text().replace("&", "")
    qtbot.mouseClick(screen.ui.closeButton, Qt.MouseButton.LeftButton)
    assert ev.list_events(context.store)[0].status == "open"


def answer_unsaved(qtbot, button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the next "unsaved event" question with *button*; its text goes in *seen*."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    tries = [0]

    def act() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or box.objectName() != "unsavedEventQuestion":
            tries[0] += 1
            assert tries[0] < 200, "no question about the unsaved event"
            QTimer.singleShot(10, act)
            return
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, act)


def half_filled(qtbot, context) -> EventScreen:
    screen = EventScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    _fill(screen)
    assert screen.save()  # one stored event to click on
    screen.start_new_event()
    screen.ui.nameEdit.setText("Open House Torrelago")
    screen.ui.cityEdit.setText("Laguna de Duero")
    assert screen.has_unsaved_changes()
    return screen


def click_first_event(qtbot, screen) -> None:
    item = screen.ui.eventList.item(0)
    rect = screen.ui.eventList.visualItemRect(item)
    qtbot.mouseClick(screen.ui.eventList.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_leaving_a_half_filled_new_event_asks_and_cancel_keeps_it(qtbot, context):
    screen = half_filled(qtbot, context)
    seen: list[str] = []
    answer_unsaved(qtbot, QMessageBox.StandardButton.Cancel, seen)
    click_first_event(qtbot, screen)
    assert seen == ["The new event “Open House Torrelago” is not saved yet."]
    assert screen.ui.nameEdit.text() == "Open House Torrelago"  # nothing lost
    assert screen.ui.cityEdit.text() == "Laguna de Duero"
    assert screen.ui.eventList.currentItem() is None and screen.has_unsaved_changes()


def test_leaving_a_half_filled_new_event_can_save_it(qtbot, context):
    screen = half_filled(qtbot, context)
    screen.ui.projectCombo.setCurrentText("CITyFiED")
    answer_unsaved(qtbot, QMessageBox.StandardButton.Save, seen := [])
    click_first_event(qtbot, screen)
    assert seen and sorted(e.name for e in ev.list_events(context.store)) == [
        "Open House Linero",
        "Open House Torrelago",
    ]
    assert not screen.has_unsaved_changes()


def test_leaving_a_half_filled_new_event_can_discard_it(qtbot, context):
    screen = half_filled(qtbot, context)
    answer_unsaved(qtbot, QMessageBox.StandardButton.Discard, seen := [])
    qtbot.mouseClick(screen.ui.newButton, Qt.MouseButton.LeftButton)
    assert seen and screen.ui.nameEdit.text() == "" and not screen.has_unsaved_changes()
    assert [e.name for e in ev.list_events(context.store)] == ["Open House Linero"]


def test_a_saved_or_untouched_form_is_left_without_a_question(qtbot, context):
    screen = EventScreen(context)
    qtbot.addWidget(screen)
    assert not screen.has_unsaved_changes() and screen.can_leave()  # an empty new form
    _fill(screen)
    assert screen.save()
    assert not screen.has_unsaved_changes() and screen.can_leave()


def test_the_main_window_asks_before_leaving_the_event_screen(qtbot, demo_context):
    from mscd_desktop.gui.shell.main_window import MainWindow

    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.show()
    screen = window.show_screen("event")
    _fill(screen)  # a whole new event, not saved
    seen: list[str] = []
    answer_unsaved(qtbot, QMessageBox.StandardButton.Cancel, seen)
    window.show_screen("checkin")
    assert len(seen) == 1 and window.current_screen() is screen  # stayed, form kept
    assert window.ui.navigation.currentItem().data(Qt.ItemDataRole.UserRole) == "event"
    assert screen.ui.nameEdit.text() == "Open House Linero"
    answer_unsaved(qtbot, QMessageBox.StandardButton.Save, seen)
    window.show_screen("checkin")
    assert len(seen) == 2 and window.current_screen() is window.screens["checkin"]
    assert "Open House Linero" in [e.name for e in ev.list_events(demo_context.store)]
    window.show_screen("event")
    screen.ui.cityEdit.setText("Malmö")  # a change to the event shown
    answer_unsaved(qtbot, QMessageBox.StandardButton.Discard, seen)
    window.show_screen("kiosk")
    assert seen[-1] == "Your changes to “Open House Linero” are not saved yet."
    assert window.current_screen() is window.screens["kiosk"]
    assert demo_context.event.city == "Lund"
