"""Real touch events on the kiosk: a tap plays, a second finger at the same time does not."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QPoint
from PySide6.QtTest import QTest

from mscd_desktop.core.quiz import kiosk
from mscd_desktop.core.quiz.engine import Phase
from mscd_desktop.gui.kiosk.kiosk_screen import KioskScreen
from mscd_desktop.gui.kiosk.speech import Speaker

DATA = Path(__file__).resolve().parents[1] / "core" / "quiz" / "data"


def centre_in_window(widget) -> QPoint:
    return widget.mapTo(widget.window(), widget.rect().center())


def test_two_fingers_on_two_avatars_start_one_game_for_the_first(qtbot, demo_context):
    kiosk.save_settings(demo_context.store, kiosk.KioskSettings(packs_folder=str(DATA)))
    screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
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


def test_a_press_whose_release_got_lost_does_not_block_the_kiosk(qtbot, demo_context, monkeypatch):
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    from mscd_desktop.gui.kiosk import lock as kiosk_lock

    kiosk.save_settings(demo_context.store, kiosk.KioskSettings(packs_folder=str(DATA)))
    screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
    screen.show()
    button = screen.ui.playButton
    press = QMouseEvent(
        QMouseEvent.Type.MouseButtonPress,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    press.setTimestamp(1000)
    now = [100.0]  # the filter's clock, moved by hand: no dependence on the machine's speed
    monkeypatch.setattr(kiosk_lock, "time", SimpleNamespace(monotonic=lambda: now[0]))
    monkeypatch.setattr(kiosk_lock, "STUCK_PRESS_S", 0.05)
    QApplication.sendEvent(screen.ui.attractTitle, press)  # never released
    now[0] += 0.01
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # at once: taken for a 2nd finger
    assert screen.game.engine.state.phase is Phase.ATTRACT
    now[0] += 0.2
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)  # a little later: plays
    qtbot.waitUntil(lambda: screen.game.engine.state.phase is Phase.PLAYER, timeout=2000)
    screen.shutdown()


def test_a_tap_beside_every_hotspot_is_no_answer(qtbot, demo_context):
    from PySide6.QtCore import Qt

    kiosk.save_settings(
        demo_context.store,
        kiosk.KioskSettings(packs_folder=str(DATA), questions_per_band={"8-11": 5, "12-15": 5}),
    )
    clock = [0.0]
    screen = KioskScreen(demo_context, clock=lambda: clock[0], speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
    screen.resize(1366, 768)
    screen.show()
    game = screen.game
    qtbot.mouseClick(screen.ui.playButton, Qt.MouseButton.LeftButton)
    fox = next(b for b in game.who_buttons if b.avatar == "fox")
    qtbot.mouseClick(fox, Qt.MouseButton.LeftButton)  # ages 8-11: has the room picture
    while True:
        clock[0] += 2
        game.tick()
        if game.engine.state.question.type == "tap_hotspot":
            break
        game.answer(None)
        qtbot.mouseClick(screen.ui.nextButton, Qt.MouseButton.LeftButton)
    picture = game.hotspot_picture
    qtbot.mouseClick(
        picture, Qt.MouseButton.LeftButton, pos=picture.point_for(0.5, 0.95).toPoint()
    )  # the floor
    assert game.engine.state.phase is Phase.ANSWERING
    qtbot.mouseClick(
        picture, Qt.MouseButton.LeftButton, pos=picture.point_for(0.8, 0.3).toPoint()
    )  # the window: a decoy
    assert game.engine.state.phase is Phase.EXPLANATION
    assert game.engine.state.judgement.credit == 0
    screen.shutdown()
