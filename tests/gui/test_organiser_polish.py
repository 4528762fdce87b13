"""What the field trial found on the organiser's side: a sidebar that fits every
language, and a Settings dialog with room and structure."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QGroupBox, QLabel

from mscd_desktop.gui.common.translator import apply_language
from mscd_desktop.gui.shell.main_window import MainWindow
from mscd_desktop.gui.shell.settings_dialog import SettingsDialog
from mscd_desktop.i18n import _


@pytest.mark.parametrize("language", ["en", "es", "sv"])
def test_the_sidebar_fits_every_screen_title_without_a_horizontal_scrollbar(
    qtbot, demo_context, language, screenshot
):
    apply_language(language)
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    nav = window.ui.navigation
    assert nav.horizontalScrollBar().maximum() == 0
    assert not nav.horizontalScrollBar().isVisible()
    room = nav.viewport().width()
    for row in range(nav.count()):
        item = nav.item(row)
        needed = nav.fontMetrics().horizontalAdvance(item.text()) + nav.iconSize().width() + 2 * 10
        assert needed + 8 <= room, (language, item.text(), needed, room)  # not at the edge
    if language == "es":
        assert _("Quiz set-up") == "Configurar el concurso"
        screenshot(window, "main_window_sidebar_es")
    apply_language("en")


def test_a_title_too_long_for_the_sidebar_wraps_instead_of_scrolling(qtbot, demo_context):
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    nav = window.ui.navigation
    item = nav.item(2)
    one_line = nav.visualItemRect(item).height()
    item.setText("Konfigurationsinställningar för energifrågesporten i dag")
    nav.doItemsLayout()
    assert nav.horizontalScrollBar().maximum() == 0
    assert nav.visualItemRect(item).height() > one_line  # on two lines


@pytest.mark.parametrize("language", ["en", "es", "sv"])
def test_the_settings_dialog_has_room_and_groups(qtbot, data_dir, language, screenshot):
    apply_language(language)
    dialog = SettingsDialog(str(data_dir))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    ui = dialog.ui
    assert dialog.width() >= 560
    assert {box.objectName() for box in dialog.findChildren(QGroupBox)} == {
        "languageBox",
        "dataBox",
    }
    assert ui.dataDirEdit.text() == str(data_dir) and ui.dataDirEdit.isReadOnly()
    for label in dialog.findChildren(QLabel):
        if label.isVisible() and not label.wordWrap():  # a one-line label shows whole
            assert label.width() >= label.sizeHint().width(), (language, label.text())
    assert ui.languageCombo.width() >= 220
    if language == "es":  # the longest texts
        screenshot(dialog, "settings-dialog")
    apply_language("en")
