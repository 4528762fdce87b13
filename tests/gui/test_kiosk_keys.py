"""Arcade buttons: keys 1–4 / A–D and Enter play every question type; packs load off the
GUI thread."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mscd_desktop.core.demo import DEMO_PIN
from mscd_desktop.core.quiz import kiosk, results
from mscd_desktop.core.quiz.engine import Phase
from mscd_desktop.gui.kiosk.kiosk_screen import KioskScreen
from mscd_desktop.gui.kiosk.speech import Speaker

DATA = Path(__file__).resolve().parents[1] / "core" / "quiz" / "data"
KEYS = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4]


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


class Meter:
    def read_watts(self, channel: str) -> float | None:
        return 2000.0


@pytest.fixture
def locked_kiosk(qtbot, demo_context):
    kiosk.save_settings(
        demo_context.store,
        kiosk.KioskSettings(packs_folder=str(DATA), questions_per_band={"8-11": 50, "12-15": 50}),
    )
    results.reset_leaderboard(demo_context.store, demo_context.event.id)
    clock = Clock()
    screen = KioskScreen(
        demo_context,
        clock=clock,
        live_meter=Meter(),
        speaker=Speaker("mock"),
        rng=random.Random(11),
    )
    screen.clock_ = clock
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
    screen.show()
    assert screen.lock()
    yield screen
    if screen.locked:
        assert screen.unlock(DEMO_PIN)
    screen.shutdown()


def press(qtbot, screen, key):
    qtbot.keyClick(screen.kiosk_window, key)


def answer_with_keys(qtbot, screen, question):
    """Answer *question* rightly with keys 1–4 and Enter only."""
    game, kind = screen.game, question.type
    if kind == "single_choice":
        press(qtbot, screen, KEYS[[c.id for c in question.choices].index(question.answer)])
    elif kind == "true_false":
        press(qtbot, screen, KEYS[0 if question.answer else 1])
    elif kind == "multiple_select":
        for i, choice in enumerate(question.choices):
            if choice.id in question.answer:
                press(qtbot, screen, KEYS[i])
        press(qtbot, screen, Qt.Key.Key_Return)
    elif kind == "order":
        board = game.order_board
        for target, item_id in enumerate(question.answer):  # a key picks, a key places
            source = board.order().index(item_id)
            if source != target:
                press(qtbot, screen, KEYS[source])
                press(qtbot, screen, KEYS[target])
        assert board.order() == list(question.answer)
        press(qtbot, screen, Qt.Key.Key_Enter)
    elif kind in ("estimate", "live_meter"):
        target = 2000.0 if kind == "live_meter" else question.answer
        wanted = round((target - question.min) / question.step)
        slider = screen.ui.estimateSlider
        for _ in range(200):
            gap = wanted - slider.value()
            if gap == 0:
                break
            key = (
                KEYS[3] if gap >= 10 else KEYS[1] if gap > 0 else KEYS[2] if gap <= -10 else KEYS[0]
            )
            press(qtbot, screen, key)
        assert slider.value() == wanted
        press(qtbot, screen, Qt.Key.Key_Return)
    elif kind == "tap_hotspot":
        index = next(i for i, h in enumerate(question.hotspots) if h.id in question.answer)
        press(qtbot, screen, KEYS[index])
        assert game.hotspot_picture.lettered  # the picture shows which key is which


@pytest.mark.parametrize("band", ["8-11", "12-15"])
def test_four_keys_and_enter_play_a_whole_game(qtbot, locked_kiosk, band):
    screen, clock = locked_kiosk, locked_kiosk.clock_
    game, ui = screen.game, screen.ui
    press(qtbot, screen, Qt.Key.Key_Return)  # "Tap to play"
    assert game.engine.state.phase is Phase.PLAYER
    next(b for b in game.age_group.buttons() if b.property("age_band") == band).click()
    press(qtbot, screen, Qt.Key.Key_Return)  # a random animal
    assert game.engine.state.phase is Phase.INTRO and game.engine.state.player.avatar
    kinds = []
    while game.engine.state.phase is not Phase.RESULTS:
        press(qtbot, screen, Qt.Key.Key_Return)  # during the intro: nothing
        assert game.engine.state.phase is Phase.INTRO
        clock.now += 2
        game.tick()
        question = game.engine.state.question
        kinds.append(question.type)
        answer_with_keys(qtbot, screen, question)
        state = game.engine.state
        assert state.phase is Phase.EXPLANATION and state.judgement.correct, question.id
        press(qtbot, screen, Qt.Key.Key_Return)  # "Next"
        press(qtbot, screen, Qt.Key.Key_Return)  # hammered: the next question's intro
    pool = game.selection.pools[band]
    assert sorted(kinds) == sorted(q.type for q in pool)  # every question of the pack
    # the two bands of the sample pack hold every question type between them
    assert {"order", "live_meter"} <= set(kinds)
    assert (
        {"tap_hotspot"} <= set(kinds)
        if band == "8-11"
        else {"multiple_select", "estimate"} <= set(kinds)
    )
    assert game.engine.state.record.correct == len(kinds)
    assert ui.pages.currentWidget() is ui.resultsPage  # a hammered Enter did not skip it
    press(qtbot, screen, Qt.Key.Key_Return)
    assert ui.pages.currentWidget() is ui.resultsPage
    clock.now += 3
    press(qtbot, screen, Qt.Key.Key_Return)  # "Next player"
    assert ui.pages.currentWidget() is ui.attractPage


def test_enter_does_not_skip_an_unanswered_single_choice(qtbot, locked_kiosk):
    screen, clock = locked_kiosk, locked_kiosk.clock_
    game = screen.game
    press(qtbot, screen, Qt.Key.Key_Return)
    press(qtbot, screen, Qt.Key.Key_Return)
    while game.engine.state.question.type not in ("single_choice", "true_false"):
        clock.now += 2
        game.tick()
        game.answer(None)
        press(qtbot, screen, Qt.Key.Key_Return)
    clock.now += 2
    game.tick()
    index = game.engine.state.index
    press(qtbot, screen, Qt.Key.Key_Return)  # no tick button on a one-tap question
    assert game.engine.state.phase is Phase.ANSWERING and game.engine.state.index == index


def test_packs_load_off_the_gui_thread_and_the_board_waits_for_them(
    qtbot, demo_context, monkeypatch
):
    kiosk.save_settings(demo_context.store, kiosk.KioskSettings(packs_folder=str(DATA)))
    real = kiosk.select_packs
    threads: list[threading.Thread] = []
    release = threading.Event()

    def slow_select(settings):
        threads.append(threading.current_thread())
        release.wait(5)
        return real(settings)

    monkeypatch.setattr(kiosk, "select_packs", slow_select)
    started = time.perf_counter()
    screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    assert time.perf_counter() - started < 1.0  # the GUI thread did not wait for the packs
    screen.show()
    qtbot.waitUntil(lambda: bool(threads), timeout=2000)
    assert screen.loading and screen.game is None
    assert not screen.ui.playButton.isEnabled() and screen.ui.attractPacks.text()
    qtbot.mouseClick(screen.ui.playButton, Qt.MouseButton.LeftButton)  # nothing yet
    assert screen.ui.pages.currentWidget() is screen.ui.attractPage
    release.set()
    with qtbot.waitSignal(screen.board_ready, timeout=5000):
        pass
    assert threads[0] is not threading.main_thread()
    assert screen.ui.playButton.isEnabled() and not screen.loading
    qtbot.mouseClick(screen.ui.playButton, Qt.MouseButton.LeftButton)
    assert screen.game.engine.state.phase is Phase.PLAYER
    screen.shutdown()
