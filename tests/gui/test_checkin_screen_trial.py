"""What the field trial tripped over at the check-in desk (issue 10, part A 3), and the
organiser's key management and closed events (issue 9): each through real widgets."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontMetrics, QImage

from mscd_desktop.core import attendees as at
from mscd_desktop.core import checkin as ci
from mscd_desktop.core import events as ev
from mscd_desktop.core import ticket_keys as keys
from mscd_desktop.core import tickets as tk
from mscd_desktop.core.store import Store
from mscd_desktop.gui.checkin.checkin_screen import CheckInScreen
from mscd_desktop.gui.checkin.ticket_keys_dialog import TicketKeysDialog

PIN = "2468"


@pytest.fixture
def desk_context(context):
    store = context.store
    event = ev.create_event(
        store,
        ev.EventDraft(
            name="Open House Torrelago",
            project="CITyFiED",
            city="Valladolid",
            date=date.today().isoformat(),
            audiences=("school_children", "citizens", "press"),
            pin=PIN,
        ),
    )
    for name, audience, org in (
        ("Ana García", "citizens", "Ayuntamiento de Laguna"),
        ("Bo Nilsson", "press", "Sydsvenskan"),
        ("Maximiliano Fernández-Villaverde de la Concepción", "citizens", "Junta de Castilla"),
    ):
        at.add_attendee(
            store, event.id, at.AttendeeDraft(name=name, audience=audience, organisation=org)
        )
    at.add_school_group(
        store, event.id, "CEIP Torrelago", "5º A", "Marta Ruiz", ["Lucía", "Pablo", "Iker"], "8-11"
    )
    tk.issue_missing_tickets(store, event.id)
    context.set_event(event)
    return context


@pytest.fixture
def screen(qtbot, desk_context):
    widget = CheckInScreen(desk_context)
    qtbot.addWidget(widget)
    widget.resize(1280, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def ticket_of(context, name):
    people = {a.id: a.name for a in at.list_attendees(context.store, context.event.id)}
    return next(
        t
        for t in tk.list_tickets(context.store, context.event.id)
        if not t.group_id and people.get(t.attendee_id) == name
    )


def class_ticket(context):
    return next(t for t in tk.list_tickets(context.store, context.event.id) if t.group_id)


def test_undo_says_who_was_undone_and_redo_puts_them_back(qtbot, screen, screenshot):
    ui = screen.ui
    screen.handle_scan(ticket_of(screen.context, "Ana García").code)
    qtbot.waitUntil(lambda: "1 / 7 checked in" in ui.checkedInLabel.text())
    qtbot.mouseClick(ui.undoButton, Qt.MouseButton.LeftButton)
    assert ui.undoBar.isVisible() and ui.redoButton.isVisible()
    assert ui.undoLabel.text() == "Check-in of Ana García undone."
    assert ui.verdictTitle.text() == "Ready to scan"  # her green name is no longer true
    assert "0 / 7 checked in" in ui.checkedInLabel.text()
    qtbot.wait(50)  # the panel makes room for the bar
    screenshot(screen, "checkin_undone")
    qtbot.mouseClick(ui.redoButton, Qt.MouseButton.LeftButton)
    assert ui.undoLabel.text() == "Check-in of Ana García restored."
    assert not ui.redoButton.isVisible()
    assert "1 / 7 checked in" in ui.checkedInLabel.text()
    store, event = screen.context.store, screen.context.event
    assert ci.checked_in_ids(store, event.id) == {
        ticket_of(screen.context, "Ana García").attendee_id
    }
    screen.handle_scan(class_ticket(screen.context).code)
    qtbot.mouseClick(ui.undoButton, Qt.MouseButton.LeftButton)
    assert ui.undoLabel.text() == "Check-in of 5º A, CEIP Torrelago (4 people) undone."
    screen.handle_scan(ticket_of(screen.context, "Bo Nilsson").code)
    assert not ui.undoBar.isVisible()  # the next scan puts the bar away
    for _bo_then_ana in range(3):
        qtbot.mouseClick(ui.undoButton, Qt.MouseButton.LeftButton)
    assert ui.undoLabel.text() == "There is no check-in of this desk to undo."
    assert not ui.redoButton.isVisible()


@pytest.fixture
def desk_in_window(qtbot, desk_context):
    """The check-in screen in the main window of a 1366 × 768 laptop, as in the trial."""
    from mscd_desktop.gui.shell.main_window import MainWindow

    window = MainWindow(desk_context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window.show_screen("checkin")


def test_panels_keep_their_width_whatever_the_verdict(qtbot, desk_in_window):
    screen = desk_in_window
    ui = screen.ui
    context = screen.context
    long_name = ticket_of(context, "Maximiliano Fernández-Villaverde de la Concepción")
    other = ev.create_event(
        context.store,
        ev.EventDraft(
            name="Open House Linero, Eddan and Havamal blocks, Lund",
            project="CITyFiED",
            city="Lund",
            date=date.today().isoformat(),
        ),
    )
    stranger = tk.issue_ticket(context.store, other.id, role="adult")
    desk_b = ci.CheckInDesk(context.store, context.event.id, "B")
    widths = set()
    steps = [
        lambda: screen.handle_scan(ticket_of(context, "Ana García").code),
        lambda: screen.show_verdict(desk_b.scan(ticket_of(context, "Ana García").code)),
        lambda: screen.handle_scan(long_name.code),
        lambda: screen.handle_scan(class_ticket(context).code),
        lambda: screen.handle_scan(stranger.code),
        lambda: screen.handle_scan("NOT-A-TICKET-1234"),
        screen.show_ready,
    ]
    for step in steps:
        step()
        qtbot.wait(200)  # counters and layout settle
        widths.add((ui.verdictFrame.width(), ui.searchBox.width(), ui.printBox.width()))
        title = ui.verdictTitle
        if "Maximiliano" in title.text():
            continue  # a name this long may wrap (at half size) rather than shrink further
        metrics = QFontMetrics(title.font())
        assert metrics.horizontalAdvance(title.text()) <= title.contentsRect().width(), (
            f"'{title.text()}' breaks across lines"
        )
    assert len(widths) == 1, widths


def test_already_checked_in_stays_on_one_line_in_a_narrow_window(qtbot, screen):
    ui = screen.ui
    screen.resize(1024, 700)
    code = ticket_of(screen.context, "Bo Nilsson").code
    screen.handle_scan(code)
    desk_b = ci.CheckInDesk(screen.context.store, screen.context.event.id, "B")
    screen.show_verdict(desk_b.scan(code))
    qtbot.wait(100)
    assert ui.verdictTitle.text() == "Already checked in"
    metrics = QFontMetrics(ui.verdictTitle.font())
    assert metrics.horizontalAdvance(ui.verdictTitle.text()) <= ui.verdictTitle.width()


def test_turning_verdict_only_off_shows_no_stale_verdict(qtbot, screen):
    ui = screen.ui
    screen._reset_timer.setInterval(100)
    screen.handle_scan(ticket_of(screen.context, "Ana García").code)
    assert ui.verdictTitle.text() == "Ana García"
    qtbot.mouseClick(ui.bigButton, Qt.MouseButton.LeftButton)
    assert ui.verdictTitle.text() == "Ana García"  # still fresh: it stays
    qtbot.waitUntil(lambda: ui.verdictTitle.text() == "Ready to scan", timeout=2000)
    qtbot.mouseClick(ui.bigButton, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert not ui.bigButton.isChecked() and ui.searchBox.isVisible()
    assert ui.verdictTitle.text() == "Ready to scan"


def test_check_ins_from_the_cli_reach_the_counters_without_a_scan(qtbot, screen, data_dir):
    ui = screen.ui
    event = screen.context.event
    bo = ticket_of(screen.context, "Bo Nilsson")
    assert "0 / 7 checked in" in ui.checkedInLabel.text()
    with Store.open(data_dir) as cli_store:  # the CLI: another connection, another process
        verdict = ci.CheckInDesk(cli_store, event.id, "CLI").scan(bo.code)
        assert verdict.admitted_now
    qtbot.waitUntil(lambda: "1 / 7 checked in" in ui.checkedInLabel.text(), timeout=3000)
    assert "Press: 1/1" in ui.audienceLabel.text()


def test_a_closed_event_is_said_before_anyone_scans_and_each_scan_is_refused(
    qtbot, screen, data_dir, screenshot
):
    ui = screen.ui
    event = screen.context.event
    assert not ui.closedBanner.isVisible()
    with Store.open(data_dir) as cli_store:  # closed from the CLI while the desk runs
        ev.close_event(cli_store, event.id)
    qtbot.waitUntil(ui.closedBanner.isVisible, timeout=3000)
    screen.handle_scan(ticket_of(screen.context, "Ana García").code)
    assert screen.last_verdict.status == "event_closed"
    assert ui.verdictTitle.text() == "Event closed"
    assert screen.sounds.last_played == "checkin_refused"
    screenshot(screen, "checkin_event_closed")
    assert ci.checked_in_ids(screen.context.store, event.id) == set()
    ev.reopen_event(screen.context.store, event.id)  # in the Event screen, then back here
    screen.hide()
    screen.show()
    assert not ui.closedBanner.isVisible()
    assert screen.handle_scan(ticket_of(screen.context, "Bo Nilsson").code).admitted_now


def test_a_scan_with_no_event_open_is_not_lost_without_a_word(qtbot, screen):
    screen.on_event_changed(None)
    assert screen.handle_scan(ticket_of(screen.context, "Ana García").code) is None
    assert screen.ui.verdictTitle.text() == "No event is open"


@pytest.fixture
def keys_dialog(qtbot, desk_context):
    dialog = TicketKeysDialog(desk_context)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_keys_dialog_rotates_and_retires_behind_the_organiser_pin(
    qtbot, keys_dialog, pin_prompt, screenshot
):
    dialog, context = keys_dialog, keys_dialog.context
    ui = dialog.ui
    assert ui.keysTable.rowCount() == 1 and "signs new tickets" in ui.keysTable.item(0, 3).text()
    assert ui.keysTable.item(0, 4).text() == "8 active tickets"
    pin_prompt.answer("0000")  # a wrong PIN: nothing happens
    qtbot.mouseClick(ui.rotateButton, Qt.MouseButton.LeftButton)
    assert len(keys.list_keys(context.store, context.event.id)) == 1
    pin_prompt.answer(PIN)
    qtbot.mouseClick(ui.rotateButton, Qt.MouseButton.LeftButton)
    assert ui.keysTable.rowCount() == 2 and "Key 2 signs new tickets" in ui.messageLabel.text()
    assert pin_prompt.seen[-1]["title"] == "Start a new key"
    ui.keysTable.selectRow(0)
    assert ui.retireButton.isEnabled()
    pin_prompt.answer(PIN)
    qtbot.mouseClick(ui.retireButton, Qt.MouseButton.LeftButton)
    assert "Its 8 tickets will be refused" in pin_prompt.seen[-1]["text"]
    assert "retired" in ui.keysTable.item(0, 3).text()
    assert ui.keysTable.item(0, 4).text() == "8 tickets, refused"
    assert "its 8 tickets are refused" in ui.messageLabel.text()
    qtbot.wait(50)
    screenshot(dialog, "checkin_ticket_keys")
    verdict = ci.CheckInDesk(context.store, context.event.id, "A").scan(
        ticket_of(context, "Ana García").short_code
    )
    assert (verdict.status, verdict.reason) == ("cancelled", "key_retired")


def test_keys_dialog_cancels_a_ticket_by_its_typed_short_code(qtbot, keys_dialog, pin_prompt):
    dialog, context = keys_dialog, keys_dialog.context
    ana = ticket_of(context, "Ana García")
    qtbot.keyClicks(dialog.ui.ticketEdit, ana.short_code.replace("-", " "))
    pin_prompt.answer(PIN)
    qtbot.keyClick(dialog.ui.ticketEdit, Qt.Key.Key_Return)  # Enter: this ticket, nothing else
    assert [p["title"] for p in pin_prompt.seen] == ["Cancel a ticket"]
    assert dialog.isVisible() and len(keys.list_keys(context.store, context.event.id)) == 1
    assert "Ana García" in pin_prompt.seen[-1]["text"]
    assert "is cancelled" in dialog.ui.messageLabel.text()
    assert tk.get_ticket(context.store, ana.id).revoked
    qtbot.keyClicks(dialog.ui.ticketEdit, ana.short_code)
    qtbot.mouseClick(dialog.ui.revokeButton, Qt.MouseButton.LeftButton)
    assert "already cancelled" in dialog.ui.messageLabel.text()
    dialog.ui.ticketEdit.clear()
    qtbot.keyClicks(dialog.ui.ticketEdit, "00099-0000-0000")
    qtbot.mouseClick(dialog.ui.revokeButton, Qt.MouseButton.LeftButton)
    assert "no ticket with the id or short code" in dialog.ui.messageLabel.text()


def _icon_brightness(window, key, selected):
    """How many bright pixels the navigation icon of *key* has, its row selected or not."""
    nav = window.ui.navigation
    keys_in_order = [nav.item(r).data(Qt.ItemDataRole.UserRole) for r in range(nav.count())]
    window.show_screen(key if selected else next(k for k in keys_in_order if k != key))
    rect = nav.visualItemRect(nav.item(keys_in_order.index(key)))
    image: QImage = nav.grab(rect).toImage()
    left = nav.iconSize().width() + 12  # the icon, not the words beside it
    return sum(
        QColor(image.pixel(x, y)).lightness() > 200
        for x in range(min(left, image.width()))
        for y in range(image.height())
    )


def test_selected_sidebar_icons_of_check_in_and_kiosk_stay_visible(qtbot, desk_context):
    from mscd_desktop.gui.shell.main_window import MainWindow

    window = MainWindow(desk_context)
    qtbot.addWidget(window)
    window.resize(1400, 800)
    window.show()
    qtbot.waitExposed(window)
    for key in ("checkin", "kiosk"):
        unselected = _icon_brightness(window, key, selected=False)
        chosen = _icon_brightness(window, key, selected=True)
        assert unselected > 40, f"{key}: the icon is hardly visible on the dark bar"
        assert chosen >= 0.8 * unselected, f"{key}: selecting it washes the icon out"
    window.show_screen("event")


def test_every_verdict_icon_is_a_glyph_the_font_has(qtbot, screen):
    from mscd_desktop.gui.checkin.verdict_view import LOOKS, READY

    metrics = QFontMetrics(screen.ui.verdictIcon.font())
    for outcome, look in [*LOOKS.items(), ("ready", READY)]:
        assert metrics.inFontUcs4(ord(look.icon)), f"{outcome}: {look.icon!r} draws as a box"
