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
