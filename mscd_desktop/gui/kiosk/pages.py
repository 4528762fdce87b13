"""Drawing the kiosk's answer area, explanation card and player page (see board)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPixmap

from mscd_desktop import i18n
from mscd_desktop.core.quiz import results
from mscd_desktop.core.quiz.engine import GameState, Player
from mscd_desktop.core.quiz.nicknames import AVATARS, avatar_name
from mscd_desktop.core.quiz.packs import Question
from mscd_desktop.gui.kiosk import text
from mscd_desktop.gui.kiosk.art import PackCard
from mscd_desktop.gui.kiosk.widgets import AvatarButton
from mscd_desktop.i18n import N_, _

if TYPE_CHECKING:
    from mscd_desktop.gui.kiosk.board import KioskGame

CHOICE_PAGE, ORDER_PAGE, ESTIMATE_PAGE, HOTSPOT_PAGE = range(4)


def fill_answers(game: KioskGame, question: Question, lang: str) -> None:
    """Set up the answer area for *question*: buttons, cards, slider or picture."""
    ui = game.ui
    kind = question.type
    ui.doneButton.setVisible(kind not in ("single_choice", "true_false"))
    if kind in ("single_choice", "true_false", "multiple_select"):
        ui.answerPages.setCurrentIndex(CHOICE_PAGE)
        labels = (
            [c.text.get(lang) for c in question.choices]
            if kind != "true_false"
            else [_("True"), _("False")]
        )
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
        game.hotspot_picture.set_picture(
            game.picture(question.image) if question.image else QPixmap()
        )
        game.hotspot_picture.letters = [
            (QPointF(h.x + h.w / 2, h.y + h.h / 2), "ABCD"[i])
            for i, h in enumerate(question.hotspots[:4])
        ]
        game.hotspot_picture.lettered = game.keys_used
        many = isinstance(question.answer, tuple) and len(question.answer) > 1
        ui.doneButton.setVisible(many)


def render_explanation(game: KioskGame, state: GameState) -> None:
    """The card after an answer: verdict, points, the right answer, why, and the source."""
    question, judgement, scored = state.question, state.judgement, state.last_score
    assert question is not None and judgement is not None and scored is not None
    lang = state.language
    ui = game.ui
    ui.verdictLabel.setText(text.verdict(judgement))
    ui.pointsLabel.setText(_("+{points} points").format(points=scored.accuracy + scored.bonus))
    ui.rightAnswerLabel.setText(text.right_answer(question, judgement, lang))
    ui.explanationLabel.setText(question.explanation.get(lang))
    ui.sourceLabel.setText(_("Source: {source}").format(source=question.source))
    colour = (
        "#007a58" if judgement.correct else "#a35f00" if judgement.credit > 0 else "#9b3f00"
    )  # Okabe-Ito green / orange / vermilion, darkened for text
    text.restyle(ui.verdictLabel, f"color: {colour};")
    picture = game.explanation_picture
    picture.setVisible(bool(question.image))
    if question.image:  # the question's picture; on tap-the-waster, the wasters marked
        picture.set_picture(game.picture(question.image))
        if question.type == "tap_hotspot":
            targets = set(question.answer or ())
            picture.boxes = [
                (QRectF(h.x, h.y, h.w, h.h), h.id in targets, h.label.get(lang))
                for h in question.hotspots
            ]
    if ui.speakButton.isChecked():
        game.speaker.say(question.explanation.get(lang), lang)


def render_attract(game: KioskGame) -> None:
    """The attract screen: the title in the event's languages, a card for each pack, the
    pulsing "Tap to play" and today's best score to beat."""
    ui = game.ui
    lang = i18n.current_language()
    others = [code for code in game.quiz_event.languages if code != lang]
    ui.attractSubtitle.setText(
        " · ".join(dict.fromkeys(text.in_language(code, N_("Energy quiz")) for code in others))
    )
    ui.attractSubtitle.setVisible(bool(others))
    ui.attractHint.setText(
        " · ".join(dict.fromkeys(text.in_language(code, N_("Tap to play!")) for code in others))
    )
    packs = game.selection.packs
    key = (lang, tuple(p.id for p in packs))
    if key != game.cards_key:
        game.cards_key = key
        row = ui.packCardsRow
        while row.count():
            widget = row.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        game.pack_cards = [PackCard(p.id, p.title.get(lang), ui.attractPage) for p in packs]
        row.addStretch(1)
        for card in game.pack_cards:
            row.addWidget(card, 3)
            card.show()
        row.addStretch(1)
    ui.attractPacks.setVisible(not packs)
    ui.attractPacks.setText(
        _("No quiz packs are ready yet: ask the organiser.") if not packs else ""
    )
    ui.playButton.setEnabled(bool(packs))
    best = results.leaderboard(game.store, game.quiz_event.id, day=results.local_day(), limit=1)
    ui.topScoreLabel.setText(
        "★ "
        + (
            _("Today's best: {points} points by {name}. Can you beat it?").format(
                points=best[0].score, name=best[0].player_name
            )
            if best
            else _("Nobody has played yet today: be the first on the board!")
        )
    )


def fill_who(game: KioskGame) -> None:
    """The player page's buttons: the school group's names (or teams), else the avatars."""
    played: frozenset[str] = frozenset()
    if game.session is not None:
        played = frozenset(
            g.player_name
            for g in results.games(game.store, game.quiz_event.id, group_id=game.session.group_id)
        )
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
    # animals grow into the free space; a class's name buttons stay at the top
    layout = game.ui.playerLayout
    layout.setStretchFactor(grid, 0 if game.session is not None else 1)
    layout.setStretch(layout.count() - 1, 1 if game.session is not None else 0)
    if game.session is not None:
        game.ui.whoTitle.setText(
            _("Which team is playing?")
            if game.session.style == "teams"
            else _("Who is playing? Tap your name")
        )
        for i, name in enumerate(game.session.members):
            label = f"{name} ✔" if name in played else name
            button = game.kiosk_button(label)
            button.setProperty("class", "kioskName")
            player = Player(
                name,
                attendee_id=game.session.attendee_of(i),
                group_id=game.session.group_id,
                team=game.session.style == "teams",
            )
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
