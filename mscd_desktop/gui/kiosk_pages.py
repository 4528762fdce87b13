"""Drawing the kiosk's answer area, explanation card and results page (see kiosk_board)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QListWidgetItem

from mscd_desktop.core.quiz import results
from mscd_desktop.core.quiz.engine import GameState, Player
from mscd_desktop.core.quiz.nicknames import AVATARS, avatar_name
from mscd_desktop.core.quiz.packs import Question
from mscd_desktop.gui import kiosk_text as text
from mscd_desktop.gui.kiosk_widgets import AvatarButton
from mscd_desktop.i18n import _

if TYPE_CHECKING:
    from mscd_desktop.gui.kiosk_board import KioskGame

CHOICE_PAGE, ORDER_PAGE, ESTIMATE_PAGE, HOTSPOT_PAGE = range(4)


def fill_answers(game: KioskGame, question: Question, lang: str) -> None:
    """Set up the answer area for *question*: buttons, cards, slider or picture."""
    ui = game.ui
    kind = question.type
    ui.doneButton.setVisible(kind not in ("single_choice", "true_false"))
    if kind in ("single_choice", "true_false", "multiple_select"):
        ui.answerPages.setCurrentIndex(CHOICE_PAGE)
        labels = ([c.text.get(lang) for c in question.choices] if kind != "true_false"
                  else [_("True"), _("False")])
        for i, button in enumerate(game.answer_buttons):
            button.verdict = None
            button.setCheckable(kind == "multiple_select")
            button.setChecked(False)
            button.setVisible(i < len(labels))
            button.setText(labels[i] if i < len(labels) else "")
            button.setAccessibleName(f"{button.letter}: {button.text()}")
    elif kind == "order":
        ui.answerPages.setCurrentIndex(ORDER_PAGE)
        items = [(item.id, item.text.get(lang)) for item in question.items]
        shuffled = items[:]
        while len(items) > 1 and shuffled == items:
            game.rng.shuffle(shuffled)
        game.order_board.set_items(shuffled)
    elif kind in ("estimate", "live_meter"):
        ui.answerPages.setCurrentIndex(ESTIMATE_PAGE)
        step = question.step or 1.0
        steps = round(((question.max or 0) - (question.min or 0)) / step)
        ui.estimateSlider.setRange(0, max(1, steps))
        ui.estimateSlider.setValue(max(1, steps) // 2)
        game.show_estimate()
    elif kind == "tap_hotspot":
        ui.answerPages.setCurrentIndex(HOTSPOT_PAGE)
        game.hotspot_picture.set_picture(game.picture(question.image) if question.image
                                         else QPixmap())
        many = isinstance(question.answer, tuple) and len(question.answer) > 1
        ui.doneButton.setVisible(many)


def render_explanation(game: KioskGame, state: GameState) -> None:
    """The card after an answer: verdict, points, the right answer, why, and the source."""
    question, judgement, scored = state.question, state.judgement, state.last_score
    assert question is not None and judgement is not None and scored is not None
    lang = state.language
    ui = game.ui
    ui.verdictLabel.setText(text.verdict(judgement))
    ui.pointsLabel.setText(_("+{points} points").format(points=scored.accuracy
                                                           + scored.bonus))
    ui.rightAnswerLabel.setText(text.right_answer(question, judgement, lang))
    ui.explanationLabel.setText(question.explanation.get(lang))
    ui.sourceLabel.setText(_("Source: {source}").format(source=question.source))
    if question.type == "tap_hotspot":
        targets = set(question.answer or ())
        game.hotspot_picture.boxes = [
            (QRectF(h.x, h.y, h.w, h.h), h.id in targets, h.label.get(lang))
            for h in question.hotspots]
    if ui.speakButton.isChecked():
        game.speaker.say(question.explanation.get(lang), lang)


def render_results(game: KioskGame, state: GameState) -> None:
    """The end of a game: score, "your place today" and the top ten (never the bottom)."""
    record = state.record
    assert record is not None
    ui = game.ui
    ui.resultsTitle.setText(_("Well done, {name}!").format(name=record.player.name))
    ui.resultsScore.setText(_("{points} points · {correct} of {total} right").format(
        points=record.score, correct=record.correct, total=len(record.answers)))
    stored = game.last_game
    place = None
    board: list[results.BoardEntry] = []
    if stored is not None:
        day = stored.created_at[:10]
        place = results.place_of(game.store, game.quiz_event.id, stored.id, day=day)
        board = results.leaderboard(game.store, game.quiz_event.id, day=day)
    ui.placeLabel.setText(_("Your place today: {place}").format(place=place)
                          if place else "")
    ui.topTenList.clear()
    for entry in board:
        item = QListWidgetItem(_("{rank}. {name} — {points} points").format(
            rank=entry.rank, name=entry.player_name, points=entry.score))
        if stored is not None and entry.game_id == stored.id:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
            item.setBackground(Qt.GlobalColor.yellow)
        ui.topTenList.addItem(item)


def fill_who(game: KioskGame) -> None:
    """The player page's buttons: the school group's names (or teams), else the avatars."""
    played: frozenset[str] = frozenset()
    if game.session is not None:
        played = frozenset(g.player_name for g in results.games(
            game.store, game.quiz_event.id, group_id=game.session.group_id))
    key = (game.language, game.session, played)
    if key == game.who_key:
        return  # the same buttons as last time: keep them
    game.who_key = key
    grid = game.ui.whoGrid
    for button in game.who_buttons:
        grid.removeWidget(button)
        button.deleteLater()
        if button in game.owned:
            game.owned.remove(button)
    game.who_buttons = []
    if game.session is not None:
        game.ui.whoTitle.setText(_("Which team is playing?") if game.session.style == "teams"
                                 else _("Who is playing? Tap your name"))
        for i, name in enumerate(game.session.members):
            label = f"{name} ✔" if name in played else name
            button = game.kiosk_button(label)
            button.setProperty("class", "kioskName")
            player = Player(name, attendee_id=game.session.attendee_of(i),
                            group_id=game.session.group_id, team=game.session.style == "teams")
            button.clicked.connect(lambda _c=False, p=player: game.begin(p))
            columns = 4 if len(game.session.members) <= 16 else 6
            grid.addWidget(button, i // columns, i % columns)
            button.show()
            game.who_buttons.append(button)
        game.ui.ageTitle.hide()
        for button in game.age_group.buttons():
            button.hide()
        return
    game.ui.whoTitle.setText(_("Pick an animal: it gives you a nickname"))
    for i, avatar in enumerate(AVATARS):
        button = AvatarButton(avatar, i)
        button.setText(avatar_name(avatar, game.language))
        button.setObjectName(f"avatar_{avatar}")
        button.clicked.connect(lambda _c=False, a=avatar: game.play_as_avatar(a))
        grid.addWidget(button, i // 6, i % 6)
        button.show()
        game.who_buttons.append(button)
