"""Quiz set-up, the organiser's view of the kiosk: packs, mode, questions per age band,
school group sessions (in turns or as teams), the day's games, and the leaderboard reset.

A broken pack is listed here with what is wrong with it (file, question, field), and the
kiosk plays the packs that are fine: the child never sees the problem.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QListWidgetItem, QTableWidgetItem, QWidget

from mscd_desktop import i18n
from mscd_desktop.core import attendees
from mscd_desktop.core.errors import NotFoundError, ValidationError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.core.ids import new_id
from mscd_desktop.core.quiz import kiosk, results
from mscd_desktop.core.quiz.engine import Mode
from mscd_desktop.core.quiz.packs import AGE_BANDS
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.pin_prompt import confirm_with_pin
from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.gui.common.workers import run_task
from mscd_desktop.i18n import N_, _

MODES = {
    Mode.EXPLORER.value: N_("Explorer: no timer, read aloud (youngest)"),
    Mode.EXPERT.value: N_("Expert: timed questions"),
}
STYLES = {"turns": N_("one after another (tap your name)"), "teams": N_("as teams")}
REFRESH_MS = 3000


class QuizOrganiserScreen(Screen):
    """The organiser's set-up and progress view of the quiz kiosk."""

    packs_loaded = Signal()  # the pack list was filled (packs load on a worker thread)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.ui = self.load_form("quiz_setup/quiz_organiser_screen")
        for code, label in MODES.items():
            self.ui.modeCombo.addItem(_(label), code)
        for code, label in STYLES.items():
            self.ui.styleCombo.addItem(_(label), code)
        for band in AGE_BANDS:
            self.ui.ageCombo.addItem(band.replace("-", "–"), band)
        self.ui.gamesTable.setColumnCount(5)
        self.ui.gamesTable.setHorizontalHeaderLabels(
            [_("Player"), _("Group"), _("Points"), _("Right"), _("Missed questions")]
        )
        self.ui.gamesTable.horizontalHeader().setStretchLastSection(True)
        self.ui.saveButton.clicked.connect(self.save_settings)
        self.ui.startSessionButton.clicked.connect(self.start_session)
        self.ui.useGroupButton.clicked.connect(self.use_school_group)
        self.ui.endSessionButton.clicked.connect(self.end_session)
        self.ui.resetButton.clicked.connect(self._on_reset_clicked)
        self.ui.openKioskButton.clicked.connect(self._on_open_kiosk_clicked)
        self._prompts: dict[str, str] = {}  # question id -> its prompt, for the teacher
        self._pack_loads = 0  # only the latest pack load is shown
        self._stopped = False
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._timer.start()
        self.load()

    # -- settings -------------------------------------------------------------------------

    def load(self) -> None:
        """Show the stored settings, the packs (good and refused) and the group session."""
        settings = kiosk.load_settings(self.context.store)
        self.ui.modeCombo.setCurrentIndex(max(0, self.ui.modeCombo.findData(settings.mode)))
        self.ui.youngSpin.setValue(settings.questions_per_band.get("8-11", 8))
        self.ui.olderSpin.setValue(settings.questions_per_band.get("12-15", 10))
        self.ui.timeSpin.setValue(int(settings.time_limit))
        self.ui.idleSpin.setValue(int(settings.idle_seconds))
        self._fill_packs(settings)
        self._fill_school_groups()
        session = kiosk.current_group_session(self.context.store)
        self._show_session(session)
        self.refresh_progress()

    def _fill_school_groups(self) -> None:
        combo = self.ui.schoolGroupCombo
        combo.clear()
        event = self.context.event
        groups = attendees.list_groups(self.context.store, event.id) if event else []
        for group in groups:
            combo.addItem(
                i18n.ngettext(
                    "{school} {class_name} ({n} pupil)",
                    "{school} {class_name} ({n} pupils)",
                    group.pupil_count,
                ).format(school=group.school, class_name=group.class_name, n=group.pupil_count),
                group.id,
            )
        combo.setEnabled(bool(groups))
        self.ui.useGroupButton.setEnabled(bool(groups))

    def _fill_packs(self, settings: kiosk.KioskSettings) -> None:
        """Read and check the packs on a worker thread, then list them."""
        self._pack_loads += 1
        generation = self._pack_loads
        folder_only = kiosk.KioskSettings(packs_folder=settings.packs_folder)
        self.ui.packList.setEnabled(False)
        run_task(
            lambda _progress, _cancelled: kiosk.select_packs(folder_only),
            on_done=lambda selection: self._show_packs(generation, settings, selection),
            on_error=lambda exc: self._show_pack_error(generation, exc),
        )

    def _show_pack_error(self, generation: int, exc: BaseException) -> None:
        if generation == self._pack_loads and not self._stopped:
            self.ui.packProblems.setVisible(True)
            self.ui.packProblems.setText(
                _("The quiz packs could not be read: {error}").format(error=exc)
            )

    def _show_packs(
        self, generation: int, settings: kiosk.KioskSettings, selection: kiosk.PackSelection
    ) -> None:
        if generation != self._pack_loads or self._stopped:
            return
        self.ui.packList.setEnabled(True)
        good, problems = selection.packs, selection.problems
        lang = i18n.current_language()
        self._prompts = {q.id: q.prompt.get(lang) for p in good for q in p.questions}
        self.ui.packList.clear()
        for pack in good:
            counts = ", ".join(
                f"{band}: {sum(band in q.age_bands for q in pack.questions)}" for band in AGE_BANDS
            )
            item = QListWidgetItem(
                _("{title} ({counts} questions)").format(title=pack.title.get(lang), counts=counts)
            )
            item.setData(Qt.ItemDataRole.UserRole, pack.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if pack.id in settings.packs else Qt.CheckState.Unchecked
            )
            self.ui.packList.addItem(item)
        self.ui.packProblems.setVisible(bool(problems))
        if problems:
            header = _("These packs are broken and are not played:")
            self.ui.packProblems.setText("\n".join([header, *(f"• {p}" for p in problems)]))
        self.packs_loaded.emit()

    def chosen_settings(self) -> kiosk.KioskSettings:
        """The settings as filled in."""
        packs = tuple(
            self.ui.packList.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.ui.packList.count())
            if self.ui.packList.item(i).checkState() == Qt.CheckState.Checked
        )
        stored = kiosk.load_settings(self.context.store)
        if not self.ui.packList.isEnabled():  # the list is still loading: keep the choice
            packs = stored.packs
        return kiosk.KioskSettings(
            packs=packs,
            mode=self.ui.modeCombo.currentData(),
            questions_per_band={
                "8-11": self.ui.youngSpin.value(),
                "12-15": self.ui.olderSpin.value(),
            },
            time_limit=float(self.ui.timeSpin.value()),
            idle_seconds=float(self.ui.idleSpin.value()),
            packs_folder=stored.packs_folder,
        )

    def save_settings(self) -> bool:
        """Keep the settings; the kiosk picks them up when it is shown next."""
        try:
            kiosk.save_settings(self.context.store, self.chosen_settings())
        except ValidationError as exc:
            self.ui.settingsMessage.setText(str(exc))
            return False
        self.ui.settingsMessage.setText(_("Saved. The kiosk uses these settings now."))
        return True

    # -- group session --------------------------------------------------------------------

    def start_session(self) -> bool:
        """Let the school group typed in play (their names appear on the kiosk)."""
        style = self.ui.styleCombo.currentData()
        members = kiosk.parse_members(self.ui.membersEdit.toPlainText(), teams=style == "teams")
        session = kiosk.GroupSession(
            group_id=new_id(),
            name=self.ui.groupEdit.text().strip(),
            style=style,
            members=members,
            age_band=self.ui.ageCombo.currentData(),
        )
        try:
            kiosk.start_group_session(self.context.store, session)
        except ValidationError as exc:
            self.ui.sessionMessage.setText(str(exc))
            return False
        self._show_session(session)
        return True

    def use_school_group(self) -> bool:
        """Let the school class chosen from the attendee list play: its pupils' first names
        appear on the kiosk, and their results reach their attendee records."""
        group_id = self.ui.schoolGroupCombo.currentData()
        if not group_id:
            return False
        session = kiosk.session_from_school_group(
            self.context.store, group_id, self.ui.styleCombo.currentData()
        )
        if session.style == "teams" or not session.members:
            self.ui.sessionMessage.setText(
                _("A class from the attendee list plays in turns and needs pupils.")
            )
            return False
        kiosk.start_group_session(self.context.store, session)
        self._show_session(session)
        return True

    def end_session(self) -> None:
        """The group has finished: children pick an avatar again."""
        kiosk.end_group_session(self.context.store)
        self._show_session(None)

    def _show_session(self, session: kiosk.GroupSession | None) -> None:
        self.ui.endSessionButton.setEnabled(session is not None)
        if session is None:
            self.ui.sessionMessage.setText(_("No group: children pick an animal avatar."))
            return
        self.ui.groupEdit.setText(session.name)
        self.ui.styleCombo.setCurrentIndex(self.ui.styleCombo.findData(session.style))
        self.ui.ageCombo.setCurrentIndex(self.ui.ageCombo.findData(session.age_band))
        self.ui.membersEdit.setPlainText("\n".join(session.members))
        self.refresh_progress()

    # -- progress -------------------------------------------------------------------------

    def refresh_progress(self) -> None:
        """Re-read the day's games (and how far the group has got)."""
        event = self.context.event
        if event is None:
            self.ui.gamesTable.setRowCount(0)
            return
        played = results.games(self.context.store, event.id)
        table = self.ui.gamesTable
        table.setRowCount(len(played))
        for row, game in enumerate(reversed(played)):
            values = [
                game.player_name,
                (game.group_id and self._group_name(game.group_id)) or "",
                current_formats().integer(game.score),
                f"{game.correct}/{game.questions}",
                ", ".join(game.missed),
            ]
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
            table.item(row, 4).setToolTip(
                "\n".join(  # what the missed questions asked
                    f"{qid}: {self._prompts.get(qid, '')}" for qid in game.missed
                )
            )
        session = kiosk.current_group_session(self.context.store)
        text = i18n.ngettext("{n} game played.", "{n} games played.", len(played)).format(
            n=current_formats().integer(len(played))
        )
        if session is not None:
            done = {g.player_name for g in played if g.group_id == session.group_id}
            text += " " + _("Group {group}: {done} of {total} have played.").format(
                group=session.name,
                done=len(done & set(session.members)),
                total=len(session.members),
            )
        self.ui.progressLabel.setText(text)

    def _on_timer_timeout(self) -> None:
        if self.isVisible():  # the organiser is looking: keep the figures fresh
            self.refresh_progress()

    def _group_name(self, group_id: str) -> str:
        session = kiosk.current_group_session(self.context.store)
        if session and session.group_id == group_id:
            return session.name
        try:  # a class taken from the attendee list
            group = attendees.get_group(self.context.store, group_id)
        except NotFoundError:
            return group_id  # a group typed in at the kiosk: its id is its name
        return f"{group.class_name}, {group.school}"

    def reset_leaderboard(self) -> int:
        """Start a fresh leaderboard (the results stay for certificates)."""
        event = self.context.event
        if event is None:
            return 0
        count = results.reset_leaderboard(self.context.store, event.id)
        self.context.status_message_requested.emit(
            i18n.ngettext(
                "{n} game taken off the leaderboard.", "{n} games taken off the leaderboard.", count
            ).format(n=current_formats().integer(count))
        )
        return count

    def _on_reset_clicked(self) -> None:
        if confirm_with_pin(
            self,
            self.context,
            title=_("Reset leaderboard"),
            text=_("Start a fresh leaderboard? The results stay stored for certificates."),
        ):
            self.reset_leaderboard()

    def _on_open_kiosk_clicked(self) -> None:
        self.save_settings()
        window = self.window()
        if hasattr(window, "show_screen"):
            window.show_screen("kiosk")

    def on_shown(self) -> None:
        """Fresh figures (and school classes) whenever the organiser looks."""
        self._fill_school_groups()
        self.refresh_progress()

    def on_event_changed(self, event: object) -> None:
        """Another event: other games and school classes."""
        self._fill_school_groups()
        self.refresh_progress()

    def shutdown(self) -> None:
        """Stop refreshing."""
        self._stopped = True
        self._timer.stop()
