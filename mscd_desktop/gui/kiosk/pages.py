"""The kiosk's pages around the questions: the attract screen, the player page and the
explanation card (the results are in :mod:`.results`).

Each page is drawn by a small object that knows only the form and what it shows; the
board (:mod:`.board`) tells it when, and hears back through signals.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QPushButton, QWidget

from mscd_desktop import i18n
from mscd_desktop.core.events import Event
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.quiz import results
from mscd_desktop.core.quiz.engine import GameState, Player
from mscd_desktop.core.quiz.kiosk import GroupSession, PackSelection
from mscd_desktop.core.quiz.nicknames import AVATARS, avatar_name
from mscd_desktop.core.quiz.packs import AGE_BANDS
from mscd_desktop.core.quiz.question_types import rules_for
from mscd_desktop.core.store import Store
from mscd_desktop.gui.kiosk import text
from mscd_desktop.gui.kiosk.animals import AvatarButton
from mscd_desktop.gui.kiosk.answer_area import Pictures
from mscd_desktop.gui.kiosk.art import PackCard
from mscd_desktop.gui.kiosk.hotspot_picture import HotspotPicture
from mscd_desktop.gui.kiosk.question_types import kiosk_rules_for
from mscd_desktop.gui.kiosk.speech import Speaker
from mscd_desktop.i18n import N_, _


def kiosk_button(label: str, *, checkable: bool = False) -> QPushButton:
    """A big kiosk push button."""
    button = QPushButton(label)
    button.setProperty("class", "kioskButton")
    button.setCheckable(checkable)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


class AttractPage:
    """The attract screen: the title in the event's languages, a card for each pack, the
    pulsing "Tap to play" and today's best score to beat."""

    def __init__(self, ui: QWidget, store: Store, event: Event, selection: PackSelection) -> None:
        self.ui, self.store, self.quiz_event, self.selection = ui, store, event, selection
        self.pack_cards: list[PackCard] = []
        self._cards_key: tuple | None = None

    def render(self) -> None:
        """Draw the page in the app's language."""
        ui = self.ui
        lang = i18n.current_language()
        others = [code for code in self.quiz_event.languages if code != lang]
        ui.attractSubtitle.setText(
            " · ".join(dict.fromkeys(text.in_language(code, N_("Energy quiz")) for code in others))
        )
        ui.attractSubtitle.setVisible(bool(others))
        ui.attractHint.setText(
            " · ".join(dict.fromkeys(text.in_language(code, N_("Tap to play!")) for code in others))
        )
        packs = self.selection.packs
        self._show_cards(lang)
        ui.attractPacks.setVisible(not packs)
        ui.attractPacks.setText(
            _("No quiz packs are ready yet: ask the organiser.") if not packs else ""
        )
        ui.playButton.setEnabled(bool(packs))
        best = results.leaderboard(self.store, self.quiz_event.id, day=results.local_day(), limit=1)
        ui.topScoreLabel.setText(
            "★ "
            + (
                i18n.ngettext(
                    "Today's best: {points} point by {name}. Can you beat it?",
                    "Today's best: {points} points by {name}. Can you beat it?",
                    best[0].score,
                ).format(points=current_formats().integer(best[0].score), name=best[0].player_name)
                if best
                else _("Nobody has played yet today: be the first on the board!")
            )
        )

    def _show_cards(self, lang: str) -> None:
        packs = self.selection.packs
        key = (lang, tuple(p.id for p in packs))
        if key == self._cards_key:
            return
        self._cards_key = key
        row = self.ui.packCardsRow
        while row.count():
            widget = row.takeAt(0).widget()
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.pack_cards = [PackCard(p.id, p.title.get(lang), self.ui.attractPage) for p in packs]
        row.addStretch(1)
        for card in self.pack_cards:
            row.addWidget(card, 3)
            card.show()
        row.addStretch(1)


class PlayerPage(QObject):
    """Language, age, and who plays: a school group's names (or teams), else the animals."""

    player_chosen = Signal(object)  # a Player from the class list
    avatar_chosen = Signal(str)  # an animal: the board makes a nickname for it
    language_chosen = Signal(str)

    def __init__(
        self,
        ui: QWidget,
        store: Store,
        event: Event,
        languages: list[str],
        session: GroupSession | None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ui, self.store, self.quiz_event, self.session = ui, store, event, session
        self.widgets: list[QWidget] = []  # added to the form (removed when the board stops)
        self.who_buttons: list[QPushButton | AvatarButton] = []
        self._who_key: tuple | None = None
        self.language_group = QButtonGroup(self)
        for code in languages or ["en"]:
            button = self._button(i18n.language_name(code), checkable=True)
            button.setProperty("language", code)
            button.setProperty("mscd_data", True)  # a language's own name: not translated
            self.language_group.addButton(button)
            ui.languageRow.addWidget(button)
        self.language_group.buttons()[0].setChecked(True)
        self.language_group.buttonClicked.connect(self._on_language_clicked)
        self.age_group = QButtonGroup(self)
        for band in AGE_BANDS:
            button = self._button(band.replace("-", "–"), checkable=True)
            button.setProperty("age_band", band)
            self.age_group.addButton(button)
            ui.ageRow.addWidget(button)
        self.age_group.buttons()[0].setChecked(True)

    def _button(self, label: str, *, checkable: bool = False) -> QPushButton:
        button = kiosk_button(label, checkable=checkable)
        self.widgets.append(button)
        return button

    @property
    def language(self) -> str:
        """The language the player chose."""
        button = self.language_group.checkedButton()
        return button.property("language") if button else "en"

    @property
    def age_band(self) -> str:
        """The age band the player chose (a school group's own band)."""
        if self.session is not None:
            return self.session.age_band
        return self.age_group.checkedButton().property("age_band")

    def _on_language_clicked(self, button: QPushButton) -> None:
        self.language_chosen.emit(button.property("language"))

    def fill(self) -> None:
        """The buttons of who plays, unless they are the same as last time."""
        played: frozenset[str] = frozenset()
        if self.session is not None:
            played = frozenset(
                g.player_name
                for g in results.games(
                    self.store, self.quiz_event.id, group_id=self.session.group_id
                )
            )
        key = (self.language, self.session, played)
        if key == self._who_key:
            return
        self._who_key = key
        self.clear()
        # animals grow into the free space; a class's name buttons stay at the top
        layout = self.ui.playerLayout
        layout.setStretchFactor(self.ui.whoGrid, 0 if self.session is not None else 1)
        layout.setStretch(layout.count() - 1, 1 if self.session is not None else 0)
        if self.session is not None:
            self._fill_names(played)
        else:
            self._fill_animals()

    def _fill_names(self, played: frozenset[str]) -> None:
        session = self.session
        assert session is not None
        self.ui.whoTitle.setText(
            _("Which team is playing?")
            if session.style == "teams"
            else _("Who is playing? Tap your name")
        )
        columns = 4 if len(session.members) <= 16 else 6
        for i, name in enumerate(session.members):
            button = kiosk_button(f"{name} ✔" if name in played else name)
            button.setProperty("class", "kioskName")
            player = Player(
                name,
                attendee_id=session.attendee_of(i),
                group_id=session.group_id,
                team=session.style == "teams",
            )
            button.clicked.connect(lambda _c=False, p=player: self.player_chosen.emit(p))
            self._add_who(button, i // columns, i % columns)
        self.ui.ageTitle.hide()
        for button in self.age_group.buttons():
            button.hide()

    def _fill_animals(self) -> None:
        self.ui.whoTitle.setText(_("Pick an animal: it gives you a nickname"))
        for i, avatar in enumerate(AVATARS):
            button = AvatarButton(avatar, i)
            button.setText(avatar_name(avatar, self.language))
            button.setObjectName(f"avatar_{avatar}")
            button.clicked.connect(lambda _c=False, a=avatar: self.avatar_chosen.emit(a))
            self._add_who(button, i // 6, i % 6)

    def _add_who(self, button: QPushButton | AvatarButton, row: int, column: int) -> None:
        self.ui.whoGrid.addWidget(button, row, column)
        button.show()
        self.who_buttons.append(button)

    def clear(self) -> None:
        """Take the who-plays buttons away."""
        for button in self.who_buttons:
            self.ui.whoGrid.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.who_buttons = []

    def remove(self) -> None:
        """Take every button this page added off the form (the board goes away)."""
        self.clear()
        for widget in self.widgets:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
        self.widgets = []
        self.ui.ageTitle.show()


class ExplanationPage:
    """The card after an answer: verdict, points, the right answer, why, and the source,
    beside the question's picture (on tap-the-waster, with the wasters marked)."""

    def __init__(self, ui: QWidget, pictures: Pictures, speaker: Speaker) -> None:
        self.ui, self.pictures, self.speaker = ui, pictures, speaker
        self.picture = HotspotPicture(ui.explanationPage)
        self.picture.setEnabled(False)  # shows the picture; no taps
        self.picture.setMinimumHeight(300)
        body = ui.explanationBody  # [stretch] [picture] [card] [stretch]
        body.insertWidget(0, self.picture, 5)
        body.setStretch(1, 6)
        body.insertStretch(0, 1)
        body.addStretch(1)

    def render(self, state: GameState) -> None:
        """Draw the card for the answer just judged."""
        question, judgement, scored = state.question, state.judgement, state.last_score
        assert question is not None and judgement is not None and scored is not None
        lang = state.language
        ui = self.ui
        ui.verdictLabel.setText(text.verdict(judgement))
        gained = scored.accuracy + scored.bonus
        ui.pointsLabel.setText(
            i18n.ngettext("+{points} point", "+{points} points", gained).format(
                points=current_formats().integer(gained)
            )
        )
        ui.rightAnswerLabel.setText(
            rules_for(question).answer_text(question, judgement.expected, lang)
        )
        ui.explanationLabel.setText(question.explanation.get(lang))
        ui.sourceLabel.setText(_("Source: {source}").format(source=question.source.get(lang)))
        colour = (
            "#007a58" if judgement.correct else "#a35f00" if judgement.credit > 0 else "#9b3f00"
        )  # Okabe-Ito green / orange / vermilion, darkened for text
        text.restyle(ui.verdictLabel, f"color: {colour};")
        self.picture.setVisible(bool(question.image))
        if question.image:
            self.picture.set_picture(self.pictures.get(question.image))
            kiosk_rules_for(question).reveal(self.picture, question, lang)
        if ui.speakButton.isChecked():
            self.speaker.say(question.explanation.get(lang), lang)
