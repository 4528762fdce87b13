"""The kiosk's side of the question types: each type's answer page, keys, hint and words.

:data:`KIOSK_RULES` holds one :class:`KioskRules` per
:class:`~mscd_desktop.core.quiz.packs.QuestionType`, the same members that key core's
:data:`~mscd_desktop.core.quiz.question_types.RULES` (validation, judging, the right answer
in words); a test holds the two registries to each other. A new question type is one entry
in each.

Four big arcade buttons wired as a USB keyboard send 1–4 (or A–D); a fifth sends Enter.
With them a child can play every question type without touching the screen
(:attr:`KioskRules.keys` says how, per type). Enter is also "Tap to play" on the attract
screen, "That's my answer" where the page has that button, "Next" on the explanation
card and "Next player" on the results (after 3 s, so a hammered "Next" never skips them);
on the player page it plays under a random animal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from PySide6.QtCore import QPointF, QRectF

from mscd_desktop.core.quiz.packs import Answer, Question, QuestionType
from mscd_desktop.gui.kiosk.answer_area import AnswerArea
from mscd_desktop.gui.kiosk.hotspot_picture import HotspotPicture
from mscd_desktop.i18n import N_, _

BIG_STEP = 10  # slider steps for keys 3 and 4 on an estimate
LETTERS = "ABCD"


@dataclass(frozen=True)
class KioskRules:
    """How the kiosk shows and takes the answer to one question type."""

    type: QuestionType
    page: str  # the page of ``answerPages`` in ui/kiosk/kiosk_screen.ui
    keys: str  # what keys 1–4 do (for docs/kiosk.md; arcade buttons carry no words)
    fill: Callable[[AnswerArea, Question, str], None]  # set the page up for a question
    press: Callable[[AnswerArea, Question, int, bool], None]  # key or tap *index*
    collect: Callable[[AnswerArea, Question], Answer]  # the answer, on "That's my answer"
    needs_done: Callable[[Question], bool]  # whether "That's my answer" is shown
    hint: Callable[[Question, str], str]  # what to do, under the question
    spoken_options: Callable[[Question, str], list[str]]  # read aloud after the prompt
    reveal: Callable[[HotspotPicture, Question, str], None]  # marks on the explanation


def kiosk_rules_for(question: Question) -> KioskRules:
    """The kiosk's rules for *question*'s type."""
    return KIOSK_RULES[QuestionType(question.type)]


def spoken_text(question: Question, lang: str) -> str:
    """The question and its choices, for reading aloud."""
    return ". ".join(
        [question.prompt.get(lang), *kiosk_rules_for(question).spoken_options(question, lang)]
    )


# -- choices ------------------------------------------------------------------------------


def _fill_buttons(area: AnswerArea, labels: list[str], checkable: bool) -> None:
    for i, button in enumerate(area.buttons):
        button.setCheckable(checkable)
        button.setChecked(False)
        button.setVisible(i < len(labels))
        button.setText(labels[i] if i < len(labels) else "")
        button.setAccessibleName(f"{button.letter}: {button.text()}")


def _fill_choices(area: AnswerArea, question: Question, lang: str) -> None:
    _fill_buttons(area, [c.text.get(lang) for c in question.choices], checkable=False)


def _fill_true_false(area: AnswerArea, _question: Question, _lang: str) -> None:
    _fill_buttons(area, [_("True"), _("False")], checkable=False)


def _fill_ticks(area: AnswerArea, question: Question, lang: str) -> None:
    _fill_buttons(area, [c.text.get(lang) for c in question.choices], checkable=True)


def _press_choice(area: AnswerArea, question: Question, index: int, _tapped: bool) -> None:
    if index < len(question.choices):
        area.answer(question.choices[index].id)


def _press_true_false(area: AnswerArea, _question: Question, index: int, _tapped: bool) -> None:
    if index < 2:
        area.answer(index == 0)


def _press_tick(area: AnswerArea, question: Question, index: int, tapped: bool) -> None:
    if index < len(question.choices) and not tapped:  # a tap toggled the button already
        button = area.buttons[index]
        button.setChecked(not button.isChecked())


def _collect_ticks(area: AnswerArea, question: Question) -> Answer:
    return tuple(
        c.id for c, b in zip(question.choices, area.buttons, strict=False) if b.isChecked()
    )


def _lettered_choices(question: Question, lang: str) -> list[str]:
    return [f"{LETTERS[i]}: {c.text.get(lang)}" for i, c in enumerate(question.choices[:4])]


def _true_false_options(_question: Question, _lang: str) -> list[str]:
    return [_("True") + "?", _("False") + "?"]


# -- order --------------------------------------------------------------------------------


def _fill_order(area: AnswerArea, question: Question, lang: str) -> None:
    items = [(item.id, item.text.get(lang)) for item in question.items]
    shuffled = items[:]
    while len(items) > 1 and shuffled == items:
        area.rng.shuffle(shuffled)
    area.order_board.set_items(shuffled)


def _press_order(area: AnswerArea, _question: Question, index: int, _tapped: bool) -> None:
    area.order_board.tap(index)


def _collect_order(area: AnswerArea, _question: Question) -> Answer:
    return tuple(area.order_board.order())


def _order_hint(question: Question, lang: str) -> str:
    order_hint = question.order_hint.get(lang)
    drag = _("Drag the cards, or tap a card and then its place.")
    return f"{order_hint} — {drag}" if order_hint else drag


# -- slider -------------------------------------------------------------------------------


def _fill_slider(area: AnswerArea, question: Question, _lang: str) -> None:
    step = question.step or 1.0
    steps = max(1, round(((question.max or 0) - (question.min or 0)) / step))
    area.ui.estimateSlider.setRange(0, steps)
    area.ui.estimateSlider.setValue(steps // 2)
    area.show_estimate()


def _press_slider(area: AnswerArea, _question: Question, index: int, _tapped: bool) -> None:
    area.nudge((-1, 1, -BIG_STEP, BIG_STEP)[index])


def _collect_slider(area: AnswerArea, _question: Question) -> Answer:
    return area.slider_value()


# -- picture ------------------------------------------------------------------------------


def _several_wasters(question: Question) -> bool:
    return isinstance(question.answer, tuple) and len(question.answer) > 1


def _fill_picture(area: AnswerArea, question: Question, _lang: str) -> None:
    picture = area.hotspot_picture
    picture.set_picture(area.pictures.get(question.image))
    picture.letters = [
        (QPointF(h.x + h.w / 2, h.y + h.h / 2), LETTERS[i])
        for i, h in enumerate(question.hotspots[:4])
    ]
    picture.lettered = area.keys_used


def _press_picture(area: AnswerArea, question: Question, index: int, _tapped: bool) -> None:
    if index < len(question.hotspots):
        area.hotspot_picture.lettered = True
        area.pick_hotspot(question.hotspots[index].id)


def _collect_picture(area: AnswerArea, _question: Question) -> Answer:
    return tuple(area.selected_hotspots)


def _picture_hint(question: Question, _lang: str) -> str:
    if _several_wasters(question):
        return _("Tap every energy waster, then tap the tick.")
    return _("Tap the energy waster in the picture.")


def _reveal_wasters(picture: HotspotPicture, question: Question, lang: str) -> None:
    targets = set(question.answer or ())
    picture.boxes = [
        (QRectF(h.x, h.y, h.w, h.h), h.id in targets, h.label.get(lang)) for h in question.hotspots
    ]


# -- shared -------------------------------------------------------------------------------


def _always(_question: Question) -> bool:
    return True


def _never(_question: Question) -> bool:
    return False


def _no_collect(_area: AnswerArea, _question: Question) -> Answer:
    return None


def _no_hint(_question: Question, _lang: str) -> str:
    return ""


def _fixed_hint(message: str) -> Callable[[Question, str], str]:
    def hint(_question: Question, _lang: str) -> str:
        return _(message)

    return hint


def _no_options(_question: Question, _lang: str) -> list[str]:
    return []


def _no_reveal(_picture: HotspotPicture, _question: Question, _lang: str) -> None:
    """The explanation shows the question's picture as it is."""


KIOSK_RULES: Mapping[QuestionType, KioskRules] = MappingProxyType(
    {
        rules.type: rules
        for rules in (
            KioskRules(
                QuestionType.SINGLE_CHOICE,
                page="choicePage",
                keys="1–4 answer at once",
                fill=_fill_choices,
                press=_press_choice,
                collect=_no_collect,
                needs_done=_never,
                hint=_no_hint,
                spoken_options=_lettered_choices,
                reveal=_no_reveal,
            ),
            KioskRules(
                QuestionType.TRUE_FALSE,
                page="choicePage",
                keys="1 = true, 2 = false, at once",
                fill=_fill_true_false,
                press=_press_true_false,
                collect=_no_collect,
                needs_done=_never,
                hint=_no_hint,
                spoken_options=_true_false_options,
                reveal=_no_reveal,
            ),
            KioskRules(
                QuestionType.MULTIPLE_SELECT,
                page="choicePage",
                keys="1–4 tick and untick the choices; Enter: that's my answer",
                fill=_fill_ticks,
                press=_press_tick,
                collect=_collect_ticks,
                needs_done=_always,
                hint=_fixed_hint(N_("Pick every right answer, then tap the tick.")),
                spoken_options=_lettered_choices,
                reveal=_no_reveal,
            ),
            KioskRules(
                QuestionType.ORDER,
                page="orderPage",
                keys="1–4 pick a card, then 1–4 its place (like tapping); Enter",
                fill=_fill_order,
                press=_press_order,
                collect=_collect_order,
                needs_done=_always,
                hint=_order_hint,
                spoken_options=_no_options,
                reveal=_no_reveal,
            ),
            KioskRules(
                QuestionType.ESTIMATE,
                page="estimatePage",
                keys="1 = −, 2 = +, 3 = − ten steps, 4 = + ten steps; Enter",
                fill=_fill_slider,
                press=_press_slider,
                collect=_collect_slider,
                needs_done=_always,
                hint=_fixed_hint(N_("Move the slider to your guess, then tap the tick.")),
                spoken_options=_no_options,
                reveal=_no_reveal,
            ),
            KioskRules(
                QuestionType.TAP_HOTSPOT,
                page="hotspotPage",
                keys=(
                    "1–4 pick the thing marked A–D in the picture; Enter when there are "
                    "several to find (one to find: the key answers at once)"
                ),
                fill=_fill_picture,
                press=_press_picture,
                collect=_collect_picture,
                needs_done=_several_wasters,
                hint=_picture_hint,
                spoken_options=_no_options,
                reveal=_reveal_wasters,
            ),
            KioskRules(
                QuestionType.LIVE_METER,
                page="estimatePage",
                keys="1 = −, 2 = +, 3 = − ten steps, 4 = + ten steps; Enter",
                fill=_fill_slider,
                press=_press_slider,
                collect=_collect_slider,
                needs_done=_always,
                hint=_fixed_hint(N_("Look at the demo table! Move the slider, then tap the tick.")),
                spoken_options=_no_options,
                reveal=_no_reveal,
            ),
        )
    }
)
