"""The kiosk screen: a whole game played with simulated touches, kiosk mode and its PIN."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from kiosk_games import stored_game
from PySide6.QtCore import QPoint, Qt, QVariantAnimation
from PySide6.QtGui import QContextMenuEvent

from mscd_desktop.core import events as ev
from mscd_desktop.core.demo import DEMO_PIN
from mscd_desktop.core.formatting import formats_for
from mscd_desktop.core.quiz import kiosk, load_pack, questions_for, results
from mscd_desktop.core.quiz.engine import Phase
from mscd_desktop.core.quiz.nicknames import avatar_name
from mscd_desktop.gui.kiosk.kiosk_screen import KioskScreen
from mscd_desktop.gui.kiosk.speech import Speaker

DATA = Path(__file__).resolve().parents[1] / "core" / "quiz" / "data"


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


class Meter:
    def read_watts(self, channel: str) -> float | None:
        return 2000.0


@pytest.fixture
def kiosk_screen(qtbot, demo_context):
    kiosk.save_settings(
        demo_context.store,
        kiosk.KioskSettings(packs_folder=str(DATA), questions_per_band={"8-11": 5, "12-15": 7}),
    )
    results.reset_leaderboard(demo_context.store, demo_context.event.id)  # the demo's games
    clock = Clock()
    screen = KioskScreen(
        demo_context, clock=clock, live_meter=Meter(), speaker=Speaker("mock"), rng=random.Random(7)
    )
    screen.clock_ = clock
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
    yield screen
    if screen.locked:
        assert screen.unlock(DEMO_PIN)
    screen.shutdown()


def tap(qtbot, widget, pos: QPoint | None = None):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos or widget.rect().center())


SHOTS = Path()


@pytest.fixture(autouse=True)
def _screenshot_folder(screenshot_dir):
    global SHOTS
    SHOTS = screenshot_dir


def shot(widget, name, size):
    assert widget.grab().save(str(SHOTS / f"kiosk-{size[0]}x{size[1]}-{name}.png"))


def answer_rightly(qtbot, screen, question):
    game, ui = screen.game, screen.ui
    kind = question.type
    if kind == "single_choice":
        index = [c.id for c in question.choices].index(question.answer)
        tap(qtbot, game.answer_buttons[index])
    elif kind == "true_false":
        tap(qtbot, game.answer_buttons[0 if question.answer else 1])
    elif kind == "multiple_select":
        for i, choice in enumerate(question.choices):
            if choice.id in question.answer:
                tap(qtbot, game.answer_buttons[i])
        tap(qtbot, ui.doneButton)
    elif kind == "order":
        board = game.order_board
        for target, item_id in enumerate(question.answer):  # tap-to-place
            source = board.order().index(item_id)
            if source != target:
                tap(qtbot, board, board.card_rect(source).center().toPoint())
                tap(qtbot, board, board.card_rect(target).center().toPoint())
        assert board.order() == list(question.answer)
        tap(qtbot, ui.doneButton)
    elif kind in ("estimate", "live_meter"):
        target = 2000.0 if kind == "live_meter" else question.answer
        ui.estimateSlider.setValue(round((target - question.min) / question.step))
        tap(qtbot, ui.doneButton)
    elif kind == "tap_hotspot":
        hotspot = next(h for h in question.hotspots if h.id in question.answer)
        point = game.hotspot_picture.point_for(hotspot.x + hotspot.w / 2, hotspot.y + hotspot.h / 2)
        tap(qtbot, game.hotspot_picture, point.toPoint())


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("band", ["8-11", "12-15"])
def test_a_whole_game_is_played_with_touches_in_kiosk_mode(qtbot, kiosk_screen, size, band):
    screen, clock = kiosk_screen, kiosk_screen.clock_
    store, event_id = screen.context.store, screen.context.event.id
    for name in ["Brave Otter", "Happy Lynx", "Kind Robin"]:  # more right answers
        stored_game(store, event_id, name, 6)
    for i, name in enumerate(["Calm Bear", "Quick Hare", "Bright Wren", "Jolly Seal"]):
        stored_game(store, event_id, name, 3 - i % 2)  # worse than all right
    screen.show()
    assert screen.lock()
    window = screen.kiosk_window
    window.setFixedSize(*size)
    qtbot.waitExposed(window)
    ui, game = screen.ui, screen.game
    tap(qtbot, ui.playButton)
    assert ui.pages.currentWidget() is ui.playerPage
    age_button = next(b for b in game.age_group.buttons() if b.property("age_band") == band)
    tap(qtbot, age_button)
    shot(window, "2-player", size)
    tap(qtbot, ui.board.findChild(type(game.who_buttons[0]), "avatar_owl"))
    seen = []
    while game.engine.state.phase is not Phase.RESULTS:
        state = game.engine.state
        assert state.phase is Phase.INTRO and not game.answer_buttons[0].isEnabled()
        clock.now += 2
        game.tick()
        question = game.engine.state.question
        seen.append(question.type)
        if screen.speaker.can_read(game.language):  # read aloud where a voice exists
            assert question.prompt.get(game.language) in screen.speaker.spoken[-1]
        assert ui.speakButton.isVisibleTo(window) == screen.speaker.can_read(game.language)
        shot(window, f"3-question-{question.type}", size)
        answer_rightly(qtbot, screen, question)
        assert game.engine.state.phase is Phase.EXPLANATION, question.id
        assert game.engine.state.judgement.correct, question.id
        picture = game.explanation_picture
        assert picture.isVisible() == bool(question.image)  # the picture stays in view
        if question.type == "tap_hotspot":  # with the wasters marked
            assert sorted(right for _box, right, _label in picture.boxes) == sorted(
                h.id in question.answer for h in question.hotspots
            )
        shot(window, f"4-explanation-{question.type}", size)
        tap(qtbot, ui.nextButton)
    shot(window, "5-results", size)
    expected = [q.type for q in questions_for(load_pack(DATA / "sample.json"), band)]
    assert sorted(seen) == sorted(expected) and len(seen) == 5
    assert ui.pages.currentWidget() is ui.resultsPage
    assert avatar_name("owl", game.language) in ui.resultsTitle.text()
    assert ui.placeLabel.text() == "4"  # after three games with more right answers
    [stored] = [
        g for g in results.games(screen.context.store, screen.context.event.id) if g.avatar == "owl"
    ]
    assert stored.correct == 5 and stored.missed == [] and stored.avatar == "owl"
    assert stored.questions == 5
    assert game.top_ten.count() == 8 and game.top_ten.mine == stored.id  # highlighted
    assert [e.rank for e in game.top_ten.entries if e.game_id == stored.id] == [4]
    assert game.stars.earned == 3  # every answer right
    tap(qtbot, ui.againButton)
    assert ui.pages.currentWidget() is ui.attractPage


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_the_attract_screen_shows_every_pack_and_todays_best(qtbot, demo_context, size):
    store, event = demo_context.store, demo_context.event
    kiosk.save_settings(store, kiosk.KioskSettings())  # the packs shipped with the app
    results.reset_leaderboard(store, event.id)
    best = stored_game(store, event.id, "Brave Otter", 6)
    screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
    screen.show()
    assert screen.lock()
    window = screen.kiosk_window
    window.setFixedSize(*size)
    qtbot.waitExposed(window)
    game, ui = screen.game, screen.ui
    assert sorted(c.kind for c in game.pack_cards) == ["biomass", "district", "saving"]
    assert sorted(c.title for c in game.pack_cards) == sorted(
        p.title.get("en") for p in game.selection.packs
    )  # the app's language
    shown = formats_for("en").integer(best.score)  # "6,000": grouped the English way
    assert shown in ui.topScoreLabel.text() and "Brave Otter" in ui.topScoreLabel.text()
    assert ui.attractTitle.text() == "Energy quiz"
    assert ui.attractSubtitle.text() == "Concurso de energía"  # the event's other language
    assert game.pulse.animation.state() == QVariantAnimation.State.Running
    shot(window, "1-attract", size)
    tap(qtbot, ui.playButton)
    assert game.pulse.animation.state() != QVariantAnimation.State.Running  # calm in play
    assert screen.unlock(DEMO_PIN)
    screen.shutdown()


def test_keys_answer_and_double_taps_count_once(qtbot, kiosk_screen):
    screen, clock = kiosk_screen, kiosk_screen.clock_
    screen.show()
    screen.lock()
    game, ui = screen.game, screen.ui
    tap(qtbot, ui.playButton)
    tap(qtbot, ui.board.findChild(type(game.who_buttons[0]), "avatar_fox"))  # ages 8-11
    while game.engine.state.question.type not in ("single_choice", "true_false"):
        clock.now += 2
        game.tick()
        game.render(game.engine.answer(game.engine.state.seq, None))
        tap(qtbot, ui.nextButton)
    question = game.engine.state.question
    key = Qt.Key.Key_A if question.type == "true_false" else Qt.Key.Key_1
    qtbot.keyClick(screen.kiosk_window, key)  # during the intro: ignored
    assert game.engine.state.phase is Phase.INTRO
    clock.now += 2
    game.tick()
    before = game.engine.state.score
    qtbot.keyClick(screen.kiosk_window, key)
    answered = game.engine.state
    assert answered.phase is Phase.EXPLANATION and answered.judgement.response is not None
    qtbot.keyClick(screen.kiosk_window, key)  # hammering: nothing more happens
    tap(qtbot, game.answer_buttons[1])
    assert game.engine.state.score == answered.score >= before
    index = answered.index
    qtbot.mouseClick(ui.nextButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ui.nextButton, Qt.MouseButton.LeftButton)  # a double tap on "next"
    assert game.engine.state.index == index + 1


def test_a_second_finger_does_not_press(qtbot, kiosk_screen):
    screen = kiosk_screen
    screen.show()
    screen.lock()
    game, ui = screen.game, screen.ui
    tap(qtbot, ui.playButton)
    qtbot.mousePress(
        ui.board.findChild(type(game.who_buttons[0]), "avatar_fox"), Qt.MouseButton.LeftButton
    )
    other = ui.board.findChild(type(game.who_buttons[0]), "avatar_bear")
    qtbot.mouseClick(other, Qt.MouseButton.LeftButton)  # second finger while the first is down
    assert game.engine.state.phase is Phase.PLAYER
    qtbot.mouseRelease(
        ui.board.findChild(type(game.who_buttons[0]), "avatar_fox"), Qt.MouseButton.LeftButton
    )
    assert game.engine.state.phase is Phase.INTRO
    assert avatar_name("fox", game.language) in game.engine.state.player.name


def test_idle_kiosk_goes_back_to_attract_and_forgets_the_player(qtbot, kiosk_screen):
    screen, clock = kiosk_screen, kiosk_screen.clock_
    screen.show()
    game, ui = screen.game, screen.ui
    tap(qtbot, ui.playButton)
    tap(qtbot, ui.board.findChild(type(game.who_buttons[0]), "avatar_fox"))
    assert ui.pages.currentWidget() is ui.questionPage
    clock.now += 61
    game.tick()
    assert ui.pages.currentWidget() is ui.attractPage
    assert game.engine.state.player is None


def test_esc_alt_f4_close_and_right_click_do_not_leave_kiosk_mode_but_the_pin_does(
    qtbot, kiosk_screen
):
    screen = kiosk_screen
    screen.show()
    assert not screen.ui.unlockedWarning.isHidden()
    assert screen.lock()
    window = screen.kiosk_window
    qtbot.waitExposed(window)
    assert window.isFullScreen() and window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert screen.ui.unlockedWarning.isHidden()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    qtbot.keyClick(window, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert not window.close()
    menu = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5), QPoint(5, 5))
    from PySide6.QtWidgets import QApplication

    assert QApplication.sendEvent(screen.ui.board, menu)  # swallowed by the guard
    assert screen.locked and window.isVisible() and window.isFullScreen()
    assert kiosk.is_locked(screen.context.store)
    # A short press on the hidden corner does nothing; a long one asks for the PIN.
    screen.corner._timer.setInterval(30)
    qtbot.mouseClick(screen.corner, Qt.MouseButton.LeftButton)
    qtbot.wait(60)
    assert screen.ui.pages.currentWidget() is not screen.ui.pinPage
    qtbot.mousePress(screen.corner, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.ui.pages.currentWidget() is screen.ui.pinPage, timeout=2000)
    qtbot.mouseRelease(screen.corner, Qt.MouseButton.LeftButton)
    for key in "9999":
        tap(qtbot, screen.ui.board.findChild(type(screen.ui.pinOkButton), f"pinKey{key}"))
    tap(qtbot, screen.ui.pinOkButton)
    assert screen.locked and screen.ui.pinError.text()
    for key in "1234":
        tap(qtbot, screen.ui.board.findChild(type(screen.ui.pinOkButton), f"pinKey{key}"))
    tap(qtbot, screen.ui.pinOkButton)
    assert not screen.locked and not kiosk.is_locked(screen.context.store)
    assert not screen.ui.unlockedWarning.isHidden()
    assert screen.ui.board.window() is screen.window()


def test_lock_survives_a_restart(qtbot, kiosk_screen, demo_context):
    assert kiosk_screen.lock()
    kiosk_screen.shutdown()
    again = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: again.locked, timeout=2000)
    assert again.kiosk_window.isFullScreen() and again.isHidden()
    assert again.unlock("1234")
    again.shutdown()


def test_kiosk_cannot_be_locked_without_a_pin(qtbot, context):
    event = ev.create_event(
        context.store,
        ev.EventDraft(name="No PIN day", project="CITyFiED", city="Lund", date="2026-05-12"),
    )
    context.set_event(event)
    screen = KioskScreen(context, speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
    assert not screen.lock() and not screen.locked
    assert "PIN" in screen.ui.packStatus.text()
    screen.shutdown()


def test_a_restarted_app_comes_back_locked(qtbot, demo_context):
    from mscd_desktop.gui.shell.main_window import MainWindow

    kiosk.save_settings(demo_context.store, kiosk.KioskSettings(packs_folder=str(DATA)))
    first = MainWindow(demo_context)
    qtbot.addWidget(first)
    first.show()
    assert first.show_screen("kiosk").lock()
    assert first.isHidden()
    first.shutdown()  # the app is killed while locked (the lock stays stored)
    again = MainWindow(demo_context)
    qtbot.addWidget(again)
    again.show()
    screen = again.screens["kiosk"]
    qtbot.waitUntil(lambda: screen.locked, timeout=2000)
    assert screen.kiosk_window.isFullScreen() and again.isHidden()
    assert screen.unlock(DEMO_PIN) and again.isVisible()
    again.shutdown()


def test_expert_mode_shows_a_timer_and_times_out(qtbot, demo_context):
    kiosk.save_settings(
        demo_context.store,
        kiosk.KioskSettings(packs_folder=str(DATA), mode="expert", time_limit=10),
    )
    clock = Clock()
    screen = KioskScreen(demo_context, clock=clock, speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
    screen.show()
    game, ui = screen.game, screen.ui
    tap(qtbot, ui.playButton)
    tap(qtbot, ui.board.findChild(type(game.who_buttons[0]), "avatar_fox"))
    clock.now += 2
    game.tick()
    assert not ui.timerBar.isHidden() and ui.timerBar.value() == 1000
    clock.now += 5
    game.tick()
    assert ui.timerBar.value() == 500
    clock.now += 5
    game.tick()
    assert ui.pages.currentWidget() is ui.explanationPage
    assert ui.verdictLabel.text() == "¡Se acabó el tiempo!"  # the demo event plays in Spanish
    screen.shutdown()
