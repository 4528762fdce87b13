"""Playing the kiosk with keys only: four arcade buttons (1–4 / A–D) and Enter.

Four big arcade buttons wired as a USB keyboard send 1–4 (or A–D); a fifth sends Enter.
With them a child can play every question type without touching the screen:

========================  ===============================================================
question                  keys
========================  ===============================================================
single choice, true/false  1–4 answer at once
multiple select            1–4 tick and untick the choices; Enter: "that's my answer"
put in order               1–4 pick a card, then 1–4 its place (like tapping); Enter
estimate, live meter       1 = −, 2 = +, 3 = − ten steps, 4 = + ten steps; Enter
tap the energy waster      1–4 pick the thing marked A–D in the picture; Enter when there
                           are several to find (one to find: the key answers at once)
========================  ===============================================================

Enter is also "Tap to play" on the attract screen, "Next" on the explanation card and
"Next player" on the results (after 3 s, so a hammered "Next" never skips the results);
on the player page it plays under a random animal (a school
group's children tap their names).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mscd_desktop.core.quiz.engine import Phase
from mscd_desktop.core.quiz.nicknames import AVATARS

if TYPE_CHECKING:
    from mscd_desktop.gui.kiosk.board import KioskGame

BIG_STEP = 10  # slider steps for keys 3 and 4 on an estimate
RESULTS_KEY_DELAY = 3.0  # seconds before Enter leaves the results (a hammered "Next")


def choose(game: KioskGame, index: int, *, tapped: bool = False) -> None:
    """Answer key (or button) *index* for the question shown."""
    state = game.engine.state
    question = state.question
    if state.phase is not Phase.ANSWERING or question is None:
        return
    kind = question.type
    if not tapped:
        game.keys_used = True
    if kind == "single_choice" and index < len(question.choices):
        game.answer(question.choices[index].id)
    elif kind == "true_false" and index < 2:
        game.answer(index == 0)
    elif kind == "multiple_select" and index < len(question.choices):
        button = game.answer_buttons[index]
        if not tapped:  # a tap toggled the button already; a key press does it here
            button.setChecked(not button.isChecked())
    elif kind == "order":
        game.order_board.tap(index)
    elif kind in ("estimate", "live_meter"):
        game.nudge((-1, 1, -BIG_STEP, BIG_STEP)[index])
    elif kind == "tap_hotspot" and index < len(question.hotspots):
        game.hotspot_picture.lettered = True
        game.pick_hotspot(question.hotspots[index].id)


def confirm(game: KioskGame) -> None:
    """Enter: the main button of the page the child sees."""
    state = game.engine.state
    ui = game.ui
    if state.phase is Phase.ATTRACT and ui.playButton.isEnabled():
        ui.playButton.click()
    elif state.phase is Phase.PLAYER and game.session is None:
        game.play_as_avatar(game.rng.choice(list(AVATARS)))
    elif state.phase is Phase.ANSWERING:
        if ui.doneButton.isVisibleTo(ui.questionPage) and ui.doneButton.isEnabled():
            game.keys_used = True
            ui.doneButton.click()
    elif state.phase is Phase.EXPLANATION:
        ui.nextButton.click()
    elif state.phase is Phase.RESULTS and game.clock() - game.shown_at >= RESULTS_KEY_DELAY:
        ui.againButton.click()
