"""The screens in Spanish and Swedish on a 1366 × 768 laptop: nothing cut off, no overflow.

Spanish runs about a third longer than English ("Paquete para un lápiz USB…"); every
button, check box, one-line label and placeholder of the Sync screen must show whole, and
no screen may need a window wider than the smallest laptop the organisers use (a combo box
sized to its longest entry pushed the Quiz set-up screen to 1,865 px in Spanish).
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit

from mscd_desktop.gui.common.translator import apply_language
from mscd_desktop.gui.shell.main_window import MainWindow
from mscd_desktop.gui.shell.screens import SCREENS

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


# The check-in screen's bottom row (undo, mode, verdict only, camera, desk) and its badge
# row still need about 1,270 px in Spanish and 1,260 in Swedish beside the wider sidebar.
CHECKIN_TOO_WIDE = pytest.mark.xfail(
    strict=True, reason="check-in needs ~1541 px (es) / ~1479 px (sv): rows to re-lay out"
)


def _screen_languages() -> list:
    return [
        pytest.param(
            key,
            language,
            marks=CHECKIN_TOO_WIDE
            if (key, language) in {("checkin", "es"), ("checkin", "sv")}
            else (),
            id=f"{key}-{language}",
        )
        for key in [spec.key for spec in SCREENS]
        for language in ("es", "sv", "en")
    ]


@pytest.mark.parametrize(("key", "language"), _screen_languages())
def test_no_screen_needs_a_window_wider_than_a_small_laptop(qtbot, demo_context, key, language):
    apply_language(language)
    window = MainWindow(demo_context)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.show_screen(key)
    try:  # a screen whose minimum is wider pushes the window past the screen's edge
        # (the status bar is left out: it shows the test's long temporary data path)
        assert window.centralWidget().minimumSizeHint().width() <= 1366
    finally:
        window.shutdown()
        apply_language("en")
