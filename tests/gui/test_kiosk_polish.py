"""What the field trial found on the kiosk: real animal pictures, an unmistakable chosen
answer on multiple select, the nickname in view from the start, "Read aloud" only where a
voice exists, and a PIN pad whose way back looks unlike "Unlock"."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from mscd_desktop.core.demo import DEMO_PIN
from mscd_desktop.core.quiz import kiosk, results
from mscd_desktop.core.quiz.engine import Phase
from mscd_desktop.core.quiz.nicknames import AVATARS
from mscd_desktop.gui.kiosk.animal_drawings import ANIMAL_DRAWINGS, draw_animal
from mscd_desktop.gui.kiosk.animals import AvatarButton
from mscd_desktop.gui.kiosk.kiosk_screen import KioskScreen
from mscd_desktop.gui.kiosk.speech import Speaker

DATA = Path(__file__).resolve().parents[1] / "core" / "quiz" / "data"


class Clock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def make_kiosk(qtbot, context, speaker: Speaker) -> KioskScreen:
    kiosk.save_settings(
        context.store,
        kiosk.KioskSettings(packs_folder=str(DATA), questions_per_band={"8-11": 50, "12-15": 50}),
    )
    results.reset_leaderboard(context.store, context.event.id)
    screen = KioskScreen(context, clock=Clock(), speaker=speaker, rng=random.Random(3))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitExposed(screen)
    return screen


def tap(qtbot, widget):
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def start_game(qtbot, screen, language: str, band: str, avatar: str = "owl") -> None:
    game = screen.game
    tap(qtbot, screen.ui.playButton)
    tap(
        qtbot,
        next(
            b
            for b in game.player_page.language_group.buttons()
            if b.property("language") == language
        ),
    )
    tap(qtbot, next(b for b in game.age_group.buttons() if b.property("age_band") == band))
    tap(qtbot, next(b for b in game.who_buttons if b.avatar == avatar))


def go_to(qtbot, screen, kind: str):
    """Skip questions (no answer) until a question of *kind* can be answered."""
    game = screen.game
    while True:
        screen.clock.now += 2
        game.tick()
        question = game.engine.state.question
        if question.type == kind:
            return question
        game.answer(None)
        tap(qtbot, screen.ui.nextButton)


def rendered(animal: str, side: int = 160) -> QImage:
    image = QImage(side, side, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    draw_animal(painter, animal, QRectF(0, 0, side, side))
    painter.end()
    return image


def main_colours(image: QImage, share: float = 0.01) -> int:
    """How many colours (to 4 bits a channel) cover at least *share* of the picture."""
    counts = Counter(
        tuple(c >> 4 for c in QColor(image.pixel(x, y)).getRgb()[:3])
        for x in range(0, image.width(), 2)
        for y in range(0, image.height(), 2)
    )
    total = sum(counts.values())
    return sum(1 for n in counts.values() if n >= total * share)


def test_every_animal_to_choose_is_a_picture_of_its_own():
    assert set(ANIMAL_DRAWINGS) == set(AVATARS) and len(AVATARS) >= 12
    pictures = {animal: rendered(animal) for animal in AVATARS}
    for animal, image in pictures.items():
        # a drawing: backdrop, fur or feathers, markings, eyes... not a letter on a disc
        assert main_colours(image) >= 4, animal
    for (a, first), (b, second) in itertools.combinations(pictures.items(), 2):
        assert first != second, (a, b)


def test_the_player_page_shows_the_animals_pictures(qtbot, demo_context):
    screen = make_kiosk(qtbot, demo_context, Speaker("mock"))
    tap(qtbot, screen.ui.playButton)
    buttons = [b for b in screen.game.who_buttons if isinstance(b, AvatarButton)]
    assert sorted(b.avatar for b in buttons) == sorted(AVATARS)
    for button in buttons:
        image = button.grab().toImage()
        picture = image.copy(button.picture_rect().toRect())
        assert main_colours(picture, 0.02) >= 4, button.avatar
    screen.shutdown()


def test_a_chosen_answer_on_multiple_select_has_a_filled_tick_and_its_full_colour(
    qtbot, demo_context, screenshot
):
    screen = make_kiosk(qtbot, demo_context, Speaker("mock"))
    start_game(qtbot, screen, "en", "12-15")
    go_to(qtbot, screen, "multiple_select")
    chosen, other = screen.game.answer_buttons[:2]
    tap(qtbot, chosen)
    assert chosen.isChecked() and not other.isChecked()

    def looks(button):
        image = button.grab().toImage()
        tick = button.tick_rect()
        ring = QColor(image.pixel(int(tick.center().x()), int(tick.top() + tick.height() * 0.2)))
        card = QColor(image.pixel(int(button.width() * 0.5), 12))
        return ring, card

    ring, card = looks(chosen)
    assert ring.lightness() < 60  # a filled dark tick box
    assert card.name() == QColor(chosen.colour).name()  # the answer's own full colour
    ring, card = looks(other)
    assert ring.lightness() > 240  # an empty, white tick box
    assert card.name() != QColor(other.colour).name()  # paler while not chosen
    assert card.lightness() > QColor(other.colour).lightness()
    screenshot(screen, "kiosk-multiple-select-chosen")
    screen.shutdown()


def test_the_nickname_and_its_animal_are_in_view_from_the_first_question(qtbot, demo_context):
    screen = make_kiosk(qtbot, demo_context, Speaker("mock"))
    start_game(qtbot, screen, "es", "8-11", avatar="fox")
    game, ui = screen.game, screen.ui
    state = game.engine.state
    assert state.phase is Phase.INTRO and state.index == 0
    badge = game.badges[0]
    assert badge.isVisibleTo(ui.questionPage)
    assert (badge.name, badge.avatar) == (state.player.name, "fox")
    assert "Zorro" in badge.name  # the Spanish nickname
    screen.clock.now += 2
    game.tick()
    game.answer(None)
    assert ui.pages.currentWidget() is ui.explanationPage
    assert game.badges[1].isVisibleTo(ui.explanationPage)
    assert game.badges[1].name == state.player.name
    screen.shutdown()


def test_read_aloud_shows_and_reads_in_a_language_with_a_voice(qtbot, demo_context):
    speaker = Speaker("mock")  # Qt's mock engine speaks English, not Spanish
    screen = make_kiosk(qtbot, demo_context, speaker)
    start_game(qtbot, screen, "en", "8-11")
    screen.clock.now += 2
    screen.game.tick()
    question = screen.game.engine.state.question
    assert speaker.can_read("en") and screen.ui.speakButton.isVisibleTo(screen)
    assert screen.ui.speakButton.isChecked()  # Explorer mode reads aloud by default
    assert speaker.spoken and question.prompt.get("en") in speaker.spoken[-1]
    screen.shutdown()


@pytest.mark.parametrize(
    ("engine", "language"),
    [("mock", "es"), ("no-such-engine", "en")],  # no Spanish voice; no engine at all
)
def test_read_aloud_is_hidden_where_no_voice_exists(qtbot, demo_context, engine, language):
    speaker = Speaker(engine)
    screen = make_kiosk(qtbot, demo_context, speaker)
    start_game(qtbot, screen, language, "8-11")
    screen.clock.now += 2
    screen.game.tick()
    assert not speaker.can_read(language)
    assert not screen.ui.speakButton.isVisibleTo(screen)
    assert not speaker.spoken  # nothing read in a wrong voice
    screen.shutdown()


def test_the_pin_pads_way_back_looks_unlike_unlock(qtbot, demo_context, screenshot):
    screen = make_kiosk(qtbot, demo_context, Speaker("mock"))
    assert screen.lock()
    window = screen.kiosk_window
    window.setFixedSize(1366, 768)
    qtbot.waitExposed(window)
    screen._on_corner_long_pressed()
    ui = screen.ui
    assert ui.pages.currentWidget() is ui.pinPage
    back, unlock = ui.pinCancelButton, ui.pinOkButton
    assert back.property("class") == "kioskSecondary" and unlock.property("class") == "kioskButton"

    def fill(button):
        image = button.grab().toImage()
        return QColor(image.pixel(12, image.height() // 2))

    assert fill(back).lightness() > 230  # white: the quiet way back
    assert fill(unlock).lightness() < 120  # filled dark green: the action
    shot = screenshot(window, "kiosk-pin-pad")
    assert shot.is_file()
    assert screen.unlock(DEMO_PIN)
    screen.shutdown()


def test_the_source_line_is_in_the_players_language(qtbot, demo_context):
    kiosk.save_settings(demo_context.store, kiosk.KioskSettings())  # the shipped packs
    clock = Clock()
    screen = KioskScreen(demo_context, clock=clock, speaker=Speaker("mock"))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
    screen.show()
    for language, label in (("es", "Fuente: "), ("sv", "Källa: ")):
        start_game(qtbot, screen, language, "8-11")
        clock.now += 2
        screen.game.tick()
        question = screen.game.engine.state.question
        screen.game.answer(None)
        assert screen.ui.sourceLabel.text() == label + question.source.get(language)
        assert language in question.source.languages  # its own line, not the English one
        screen.game.engine.reset()
        screen.game.render(screen.game.engine.state)
    screen.shutdown()
