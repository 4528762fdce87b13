"""The organiser's quiz set-up: packs (broken ones refused), settings, groups, progress."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from mscd_desktop.core.demo import DEMO_PIN
from mscd_desktop.core.quiz import kiosk, results
from mscd_desktop.core.quiz.engine import AnswerRecord, GameRecord, Mode, Player
from mscd_desktop.core.quiz.scoring import score_answer
from mscd_desktop.gui.kiosk.kiosk_screen import KioskScreen
from mscd_desktop.gui.kiosk.speech import Speaker
from mscd_desktop.gui.quiz_setup.quiz_organiser_screen import QuizOrganiserScreen

DATA = Path(__file__).resolve().parents[1] / "core" / "quiz" / "data"


@pytest.fixture
def packs(tmp_path, demo_context):
    folder = tmp_path / "packs"
    shutil.copytree(DATA, folder)
    broken = json.loads((folder / "sample.json").read_text())
    broken["id"] = "broken"
    for question in broken["questions"]:
        question["id"] = "x-" + question["id"]
    del broken["questions"][1]["prompt"]["en"]
    (folder / "broken.json").write_text(json.dumps(broken))
    kiosk.save_settings(demo_context.store, kiosk.KioskSettings(packs_folder=str(folder)))
    return folder


def test_a_broken_pack_is_shown_to_the_organiser_and_the_good_ones_play(
    qtbot, demo_context, packs, screenshot
):
    screen = QuizOrganiserScreen(demo_context)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.ui.packList.isEnabled(), timeout=5000)
    screen.resize(1366, 768)
    screen.show()
    assert screen.ui.packList.count() == 1
    assert not screen.ui.packProblems.isHidden()
    problems = screen.ui.packProblems.text()
    assert "broken.json" in problems and "x-sample-tf" in problems
    kiosk_screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(kiosk_screen)
    qtbot.waitUntil(lambda: kiosk_screen.game is not None, timeout=5000)
    assert "broken.json" in kiosk_screen.ui.packStatus.text()  # organiser bar, not the board
    assert "broken" not in kiosk_screen.ui.attractPacks.text()
    assert len(kiosk_screen.game.pack_cards) == 1  # a card for the good pack only
    assert kiosk_screen.ui.playButton.isEnabled()
    screenshot(screen, "quiz-organiser-broken-pack")
    kiosk_screen.shutdown()
    screen.shutdown()


def test_the_demo_event_shows_the_bundled_packs_and_the_games_played(
    qtbot, demo_context, screenshot
):
    screen = QuizOrganiserScreen(demo_context)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.ui.packList.isEnabled(), timeout=5000)
    screen.resize(1366, 768)
    screen.show()
    names = [screen.ui.packList.item(i).text() for i in range(screen.ui.packList.count())]
    assert len(names) >= 3 and any("iomass" in name for name in names), names
    assert screen.ui.packProblems.isHidden()
    assert screen.ui.gamesTable.rowCount() > 0
    screenshot(screen, "quiz-organiser")
    screen.shutdown()


def test_settings_are_saved_and_the_kiosk_uses_them(qtbot, demo_context, packs):
    screen = QuizOrganiserScreen(demo_context)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.ui.packList.isEnabled(), timeout=5000)
    screen.ui.packList.item(0).setCheckState(Qt.CheckState.Checked)
    screen.ui.modeCombo.setCurrentIndex(screen.ui.modeCombo.findData("expert"))
    screen.ui.youngSpin.setValue(3)
    screen.ui.timeSpin.setValue(15)
    qtbot.mouseClick(screen.ui.saveButton, Qt.MouseButton.LeftButton)
    stored = kiosk.load_settings(demo_context.store)
    assert stored.packs == ("sample",) and stored.mode == "expert"
    assert stored.questions_per_band["8-11"] == 3 and stored.time_limit == 15
    assert stored.packs_folder == str(packs)
    kiosk_screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(kiosk_screen)
    qtbot.waitUntil(lambda: kiosk_screen.game is not None, timeout=5000)
    assert kiosk_screen.game.engine.config.timed
    assert kiosk_screen.game.engine.config.questions_per_game["8-11"] == 3
    kiosk_screen.shutdown()
    screen.shutdown()


def test_a_group_session_puts_first_names_on_the_kiosk(qtbot, demo_context, packs):
    screen = QuizOrganiserScreen(demo_context)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.ui.packList.isEnabled(), timeout=5000)
    screen.ui.groupEdit.setText("6B")
    assert not screen.start_session()  # no names yet
    assert screen.ui.sessionMessage.text()
    screen.ui.membersEdit.setPlainText("Ana García\nBo\nCy Svensson")
    assert screen.start_session()
    session = kiosk.current_group_session(demo_context.store)
    assert session.members == ("Ana", "Bo", "Cy")
    kiosk_screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(kiosk_screen)
    qtbot.waitUntil(lambda: kiosk_screen.game is not None, timeout=5000)
    kiosk_screen.show()
    qtbot.mouseClick(kiosk_screen.ui.playButton, Qt.MouseButton.LeftButton)
    names = [b.text() for b in kiosk_screen.game.who_buttons]
    assert names == ["Ana", "Bo", "Cy"]
    qtbot.mouseClick(kiosk_screen.game.who_buttons[1], Qt.MouseButton.LeftButton)
    state = kiosk_screen.game.engine.state
    assert state.player.name == "Bo" and state.player.group_id == session.group_id
    kiosk_screen.shutdown()
    screen.shutdown()


def _game(name, group_id):
    answer = AnswerRecord(
        "sample-tf",
        "sample",
        None,
        score_answer(0, elapsed=1, time_limit=None, streak_before=0, questions_in_game=1),
        1.0,
    )
    return GameRecord(
        Player(name, group_id=group_id), "en", "8-11", Mode.EXPLORER, (answer,), 0, 0, 0.0, 30.0
    )


def test_progress_and_leaderboard_reset(qtbot, demo_context, packs, pin_prompt):
    screen = QuizOrganiserScreen(demo_context)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.ui.packList.isEnabled(), timeout=5000)
    screen.ui.groupEdit.setText("6B")
    screen.ui.membersEdit.setPlainText("Ana\nBo")
    assert screen.start_session()
    session = kiosk.current_group_session(demo_context.store)
    event_id = demo_context.event.id
    before = len(results.games(demo_context.store, event_id))  # the demo group's games
    results.save_game(demo_context.store, event_id, _game("Ana", session.group_id))
    screen.refresh_progress()
    assert screen.ui.gamesTable.rowCount() == before + 1
    assert screen.ui.gamesTable.item(0, 0).text() == "Ana"  # newest first
    assert screen.ui.gamesTable.item(0, 4).text() == "sample-tf"
    assert "LED lamp" in screen.ui.gamesTable.item(0, 4).toolTip()  # what it asked
    assert "1 of 2" in screen.ui.progressLabel.text()
    board = results.leaderboard(demo_context.store, event_id)
    assert board
    pin_prompt.answer("0000")  # a wrong PIN resets nothing
    qtbot.mouseClick(screen.ui.resetButton, Qt.MouseButton.LeftButton)
    assert results.leaderboard(demo_context.store, event_id) == board
    pin_prompt.answer(DEMO_PIN)
    qtbot.mouseClick(screen.ui.resetButton, Qt.MouseButton.LeftButton)
    assert [p["accepted"] for p in pin_prompt.seen] == [False, True]
    assert pin_prompt.seen[0]["title"] == "Reset leaderboard"
    assert results.leaderboard(demo_context.store, event_id) == []
    assert len(results.games(demo_context.store, event_id)) == before + 1
    screen.shutdown()


def test_a_class_from_the_attendee_list_plays_by_first_name(qtbot, demo_context, packs):
    from mscd_desktop.core import attendees

    screen = QuizOrganiserScreen(demo_context)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.ui.packList.isEnabled(), timeout=5000)
    groups = attendees.list_groups(demo_context.store, demo_context.event.id)
    assert screen.ui.schoolGroupCombo.count() == len(groups) >= 1
    qtbot.mouseClick(screen.ui.useGroupButton, Qt.MouseButton.LeftButton)
    session = kiosk.current_group_session(demo_context.store)
    assert session.group_id == groups[0].id and session.attendee_ids
    kiosk_screen = KioskScreen(demo_context, speaker=Speaker("mock"))
    qtbot.addWidget(kiosk_screen)
    qtbot.waitUntil(lambda: kiosk_screen.game is not None, timeout=5000)
    kiosk_screen.show()
    qtbot.mouseClick(kiosk_screen.ui.playButton, Qt.MouseButton.LeftButton)
    first = kiosk_screen.game.who_buttons[0]
    assert first.text().split(" ")[0] == session.members[0]
    qtbot.mouseClick(first, Qt.MouseButton.LeftButton)
    player = kiosk_screen.game.engine.state.player
    assert player.attendee_id == session.attendee_ids[0]
    assert player.group_id == groups[0].id
    kiosk_screen.shutdown()
    screen.shutdown()


def test_the_pack_list_loads_off_the_gui_thread_and_saving_meanwhile_keeps_the_choice(
    qtbot, demo_context, packs, monkeypatch
):
    import threading

    kiosk.save_settings(
        demo_context.store, kiosk.KioskSettings(packs=("sample",), packs_folder=str(packs))
    )
    real = kiosk.select_packs
    release = threading.Event()
    workers: list[threading.Thread] = []

    def slow_select(settings):
        workers.append(threading.current_thread())
        release.wait(5)
        return real(settings)

    monkeypatch.setattr(kiosk, "select_packs", slow_select)
    screen = QuizOrganiserScreen(demo_context)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: bool(workers), timeout=2000)
    assert not screen.ui.packList.isEnabled() and screen.ui.packList.count() == 0
    assert screen.chosen_settings().packs == ("sample",)  # not "all packs" by accident
    with qtbot.waitSignal(screen.packs_loaded, timeout=5000):
        release.set()
    assert workers[0] is not threading.main_thread()
    assert screen.ui.packList.isEnabled() and screen.ui.packList.count() == 1
    assert screen.ui.packList.item(0).checkState() == Qt.CheckState.Checked
    screen.shutdown()


def test_todays_games_name_the_school_class_not_its_id(qtbot, demo_context, packs):
    screen = QuizOrganiserScreen(demo_context)
    qtbot.addWidget(screen)
    screen.refresh_progress()
    table = screen.ui.gamesTable
    groups = {table.item(row, 1).text() for row in range(table.rowCount())}
    assert groups, "the demo class has played"
    assert all("," in name and "CEIP" in name for name in groups), groups
    screen.shutdown()
