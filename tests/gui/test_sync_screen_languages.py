"""The Sync screen in Spanish and Swedish on a 1366 × 768 laptop: nothing cut off.

Spanish runs about a third longer than English ("Paquete para un lápiz USB…"); every
button, check box, one-line label and placeholder of the screen must show whole, in the
main window at the smallest laptop size the organisers use.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

from mscd_desktop.gui.common.translator import apply_language
from mscd_desktop.gui.shell.main_window import MainWindow

# A line edit's text starts this far inside its frame (Qt's frame and text margins).
LINE_EDIT_PADDING = 12


def cut_off_texts(screen) -> list[str]:
    """The texts of *screen* that do not fit the room their widget has."""
    found = []
    for button in screen.findChildren(QAbstractButton):
        if button.isVisible() and button.width() < button.sizeHint().width():
            found.append(f"{button.text()!r}: {button.width()} < {button.sizeHint().width()}")
    for label in screen.findChildren(QLabel):
        shown_whole = label.wordWrap() or not label.text()
        if label.isVisible() and not shown_whole and label.width() < label.sizeHint().width():
            found.append(f"{label.text()!r}: {label.width()} < {label.sizeHint().width()}")
    for edit in screen.findChildren(QLineEdit):
        needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + LINE_EDIT_PADDING
        if edit.isVisible() and edit.placeholderText() and edit.width() < needed:
            found.append(f"placeholder {edit.placeholderText()!r}: {edit.width()} < {needed}")
    return found


@pytest.mark.parametrize("language", ["es", "sv", "en"])
def test_every_text_of_the_sync_screen_fits_on_a_small_laptop(
    qtbot, demo_context, language, screenshot
):
    apply_language(language)
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    screen = window.show_screen("sync")
    qtbot.waitUntil(screen.isVisible)
    assert window.width() == 1366, "the screen's minimum width pushes the window wider"
    assert screen.width() >= screen.minimumSizeHint().width()
    assert cut_off_texts(screen) == []
    screenshot(window, f"sync-{language}")
    window.shutdown()
    apply_language("en")
