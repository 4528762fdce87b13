"""Real touch events on the kiosk: a tap plays, a second finger at the same time does not."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest

from mscd_desktop.core.quiz import kiosk
from mscd_desktop.core.quiz.engine import Phase
from mscd_desktop.gui.kiosk_lock import Speaker
from mscd_desktop.gui.kiosk_screen import KioskScreen

DATA = Path(__file__).resolve().parents[1] / "core" / "quiz" / "data"


def centre_in_window(widget) -> QPoint:
    return widget.mapTo(widget.window(), widget.rect().center())


def test_two_fingers_on_two_avatars_start_one_game_for_the_first(qtbot, demo_context):
    kiosk.save_settings(demo_context.store, kiosk.KioskSettings(packs_folder=str(DATA)))
    screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    device = QTest.createTouchDevice()
    window = screen.window().windowHandle()
    play = centre_in_window(screen.ui.playButton)
    QTest.touchEvent(window, device).press(0, play).commit()
    QTest.touchEvent(window, device).release(0, play).commit()
    qtbot.waitUntil(lambda: screen.game.engine.state.phase is Phase.PLAYER, timeout=2000)
    fox = next(b for b in screen.game.who_buttons if b.avatar == "fox")
    bear = next(b for b in screen.game.who_buttons if b.avatar == "bear")
    first, second = centre_in_window(fox), centre_in_window(bear)
    QTest.touchEvent(window, device).press(0, first).commit()
    QTest.touchEvent(window, device).stationary(0).press(1, second).commit()
    QTest.touchEvent(window, device).stationary(0).release(1, second).commit()
    QTest.touchEvent(window, device).release(0, first).commit()
    qtbot.waitUntil(lambda: screen.game.engine.state.phase is Phase.INTRO, timeout=2000)
    assert screen.game.engine.state.player.avatar == "fox"
    screen.shutdown()


def test_a_press_whose_release_got_lost_does_not_block_the_kiosk(qtbot, demo_context,
                                                                 monkeypatch):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from mscd_desktop.gui import kiosk_lock

    kiosk.save_settings(demo_context.store, kiosk.KioskSettings(packs_folder=str(DATA)))
    screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    screen.show()
    button = screen.ui.playButton
    press = QMouseEvent(QMouseEvent.Type.MouseButtonPress, QPointF(5, 5), QPointF(5, 5),
                        Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
                        Qt.KeyboardModifier.NoModifier)
    press.setTimestamp(1000)
    monkeypatch.setattr(kiosk_lock, "STUCK_PRESS_S", 0.05)
    QApplication.sendEvent(screen.ui.attractTitle, press)  # never released
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # at once: taken for a 2nd finger
    assert screen.game.engine.state.phase is Phase.ATTRACT
    qtbot.wait(80)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # a little later: plays
    qtbot.waitUntil(lambda: screen.game.engine.state.phase is Phase.PLAYER, timeout=2000)
    screen.shutdown()
