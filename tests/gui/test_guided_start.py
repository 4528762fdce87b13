"""The first run: with no event, the Event screen is a guided start, not an empty form."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt

from mscd_desktop.core import events as ev
from mscd_desktop.core.demo import DEMO_PIN
from mscd_desktop.gui.shell.main_window import MainWindow


def _window(qtbot, context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _fill(guide, name="Open House Linero", project="CITyFiED", city="Lund", pin="2580"):
    guide.ui.nameEdit.setText(name)
    guide.ui.projectCombo.setCurrentIndex(guide.ui.projectCombo.findText(project))
    guide.ui.cityEdit.setText(city)
    guide.ui.dateEdit.setDate(QDate(2026, 6, 10))
    guide.ui.pinEdit.setText(pin)


def test_an_empty_data_folder_opens_on_the_guided_start(qtbot, context, screenshot):
    window = _window(qtbot, context)
    screen = window.screens["event"]
    guide = screen.guided_start
    assert guide is not None and guide.isVisible() and not screen.ui.isVisible()
    assert window.focusWidget() is guide.ui.nameEdit
    assert "1234" in guide.ui.demoLabel.text()
    screenshot(window, "guided-start-offscreen")


def test_five_answers_create_the_event_with_its_pin(qtbot, context):
    window = _window(qtbot, context)
    screen = window.screens["event"]
    guide = screen.guided_start
    _fill(guide)
    qtbot.mouseClick(guide.ui.createButton, Qt.MouseButton.LeftButton)
    [event] = ev.list_events(context.store)
    assert (event.name, event.city, event.project, event.date) == (
        "Open House Linero",
        "Lund",
        "CITyFiED",
        "2026-06-10",
    )
    assert event.has_pin and ev.check_pin(context.store, event.id, "2580").accepted
    assert context.event.id == event.id
    assert screen.guided_start is None and screen.ui.isVisible()
    assert "is ready" in screen.ui.messageLabel.text()
    checkin_row = next(i for i, s in enumerate(window._specs) if s.key == "checkin")
    assert window.ui.navigation.item(checkin_row).flags() & Qt.ItemFlag.ItemIsEnabled


def test_missing_answers_are_named_at_their_fields_and_nothing_is_stored(qtbot, context):
    window = _window(qtbot, context)
    guide = window.screens["event"].guided_start
    _fill(guide, name=" ", city="", pin="")
    guide.ui.projectCombo.setCurrentIndex(-1)
    assert guide.create_event() is None
    for field in ("name", "project", "city", "pin"):
        assert getattr(guide.ui, f"{field}Error").isVisible(), field
    assert not guide.ui.dateError.isVisible()
    assert "4 to 8 digits" in guide.ui.pinError.text()
    assert window.focusWidget() is guide.ui.nameEdit
    assert "Nothing was saved" in guide.ui.messageLabel.text()
    assert ev.list_events(context.store) == []
    _fill(guide, pin="12")
    assert guide.create_event() is None and "4 to 8 digits" in guide.ui.pinError.text()
    assert not guide.ui.nameError.isVisible()


def test_the_demo_opens_from_the_guided_start(qtbot, context):
    window = _window(qtbot, context)
    screen = window.screens["event"]
    qtbot.mouseClick(screen.guided_start.ui.demoButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: context.event is not None, timeout=20000)
    assert "Torrelago" in context.event.name
    assert ev.check_pin(context.store, context.event.id, DEMO_PIN).accepted
    assert screen.guided_start is None


def test_more_details_carries_what_was_typed_to_the_full_form(qtbot, context):
    window = _window(qtbot, context)
    screen = window.screens["event"]
    _fill(screen.guided_start, name="Open House Eddan", city="Lund")
    qtbot.mouseClick(screen.guided_start.ui.moreButton, Qt.MouseButton.LeftButton)
    assert screen.guided_start is None
    assert screen.ui.nameEdit.text() == "Open House Eddan"
    assert screen.ui.cityEdit.text() == "Lund" and screen.ui.pinEdit.text() == "2580"
    assert screen.ui.projectCombo.currentText() == "CITyFiED"
    assert ev.list_events(context.store) == []


def test_with_an_event_the_event_screen_has_no_guided_start(qtbot, demo_context):
    window = _window(qtbot, demo_context)
    assert window.screens["event"].guided_start is None
