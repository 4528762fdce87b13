"""The Kiosk screen: the quiz board, and locking it into kiosk mode for the children.

Unlocked, the board plays inside the main window under a visible warning, with the
organiser's bar (which packs play, which were refused, the lock button) above it. Locked,
the board moves into a frameless full-screen :class:`KioskWindow`; Esc, Alt+F4, the close
button and right-click menus do nothing, and only a long press on the hidden top-right
corner followed by the event's PIN brings the organiser back. The lock is kept in the
store, so a restarted app comes back locked.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QPushButton, QWidget

from mscd_desktop.core import events as ev
from mscd_desktop.core.errors import MscdError
from mscd_desktop.core.organiser_pin import PinCheck
from mscd_desktop.core.quiz import kiosk
from mscd_desktop.core.quiz.engine import Phase
from mscd_desktop.core.quiz.judging import LiveMeter
from mscd_desktop.gui.common import pin_prompt
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.gui.common.workers import TaskHandle, run_task
from mscd_desktop.gui.kiosk.board import KioskGame
from mscd_desktop.gui.kiosk.lock import HiddenCorner, KioskGuard, KioskWindow
from mscd_desktop.gui.kiosk.speech import Speaker
from mscd_desktop.i18n import _, ngettext

PIN_ERROR_MS = 4000


def _load_board(speaker: Speaker, settings: kiosk.KioskSettings) -> kiosk.PackSelection:
    """On the loading worker: ask the speech service (it may hang, the GUI must not), then
    read the packs."""
    speaker.prepare()
    return kiosk.select_packs(settings)


class KioskScreen(Screen):
    """The quiz board, its organiser bar, and kiosk mode."""

    lock_changed = Signal(bool)
    board_ready = Signal()  # a (new) game board is playing, after the packs were loaded

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        live_meter: LiveMeter | None = None,
        speaker: Speaker | None = None,
        rng: random.Random | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.ui = self.load_form("kiosk/kiosk_screen")
        self.clock, self.speaker, self.rng = clock, speaker or Speaker(), rng
        self.live_meter: LiveMeter = live_meter or context.feed.board
        self.game: KioskGame | None = None
        self.kiosk_window: KioskWindow | None = None
        self._retired: list[KioskWindow] = []  # closed kiosk windows Qt has yet to delete
        self.refused: list[str] = []
        self._built_for: tuple | None = None
        self._loads = 0  # pack loads started; only the latest one's result is used
        self._loading: TaskHandle | None = None
        self._stopped = False
        self.guard = KioskGuard(self.ui.board, self._on_guard_activity, self._on_guard_key)
        self.guard.on_quit = self._on_guard_quit
        self.guard.on_confirm_key = self._on_guard_confirm
        self.corner = HiddenCorner(self.ui.board)
        self.corner.long_pressed.connect(self._on_corner_long_pressed)
        self.ui.lockButton.clicked.connect(self._on_lock_clicked)
        self.ui.pinOkButton.clicked.connect(self._on_pin_ok_clicked)
        self.ui.pinCancelButton.clicked.connect(self._back_to_game)
        self.ui.pinEdit.returnPressed.connect(self._on_pin_ok_clicked)
        self._pin_keys: list[QPushButton] = []
        self._build_pin_pad()
        self.last_pin_check: PinCheck | None = None
        self.pin_wait = pin_prompt.PinWaitDisplay(
            context.store,
            self.ui.pinError,
            [self.ui.pinEdit, self.ui.pinOkButton, *self._pin_keys],
            self,
        )
        self.rebuild()
        if context.event is not None and kiosk.is_locked(context.store):
            # Locked when the app last ran: lock again once the main window is up.
            QTimer.singleShot(0, self.lock)
        self._show_lock_state()

    # -- building -------------------------------------------------------------------------

    def _build_pin_pad(self) -> None:
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0"]
        for i, key in enumerate(keys):
            button = QPushButton(key)
            button.setProperty("class", "kioskButton")
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setObjectName(f"pinKey{'Back' if key == '⌫' else key}")
            button.clicked.connect(lambda _c=False, k=key: self._on_pin_key(k))
            self.ui.pinPad.addWidget(button, i // 3, i % 3)
            self._pin_keys.append(button)

    def _settings_key(self) -> tuple:
        store = self.context.store
        event = self.context.event
        return (
            event.id if event else None,
            event.languages if event else None,
            kiosk.load_settings(store),
            kiosk.current_group_session(store),
        )

    def rebuild(self) -> None:
        """(Re)load the packs and settings the organiser chose and start a fresh board.

        The packs are read and validated on a worker thread (the first time takes a few
        tenths of a second); the board keeps playing, or shows "getting ready", meanwhile.
        """
        key = self._settings_key()
        self._built_for = key
        self._loads += 1
        event = self.context.event
        if event is None:
            self._drop_game()
            self.ui.packStatus.setText(_("Open an event first."))
            return
        settings = key[2]
        if self.game is None:
            self.ui.attractPacks.setText(_("Getting the quiz ready…"))
            self.ui.playButton.setEnabled(False)
        generation = self._loads
        speaker = self.speaker
        self._loading = run_task(
            lambda _progress, _cancelled: _load_board(speaker, settings),
            on_done=lambda selection: self._on_packs_loaded(generation, key, selection),
            on_error=lambda exc: self._on_packs_failed(generation, exc),
        )

    @property
    def loading(self) -> bool:
        """Whether packs are being loaded for the board."""
        return self._loading is not None and not self._loading.done

    def _on_packs_loaded(self, generation: int, key: tuple, selection: kiosk.PackSelection) -> None:
        event = self.context.event
        if generation != self._loads or self._stopped or event is None:
            return  # settings changed meanwhile (a newer load follows) or the screen went
        self._drop_game()
        _event_id, _languages, settings, session = key
        self.refused = selection.refused_files()
        self.game = KioskGame(
            self.ui,
            self.context.store,
            event,
            selection,
            settings,
            session=session,
            clock=self.clock,
            live_meter=self.live_meter,
            speaker=self.speaker,
            rng=self.rng,
        )
        # read aloud by default in Explorer mode; shown only in languages with a voice
        self.ui.speakButton.setChecked(settings.game_config().read_aloud and self.speaker.available)
        self._show_pack_status(len(selection.packs))
        self.board_ready.emit()

    def _on_packs_failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._loads and not self._stopped:
            self.ui.packStatus.setText(
                _("The quiz packs could not be read: {error}").format(error=exc)
            )
            self.ui.packStatus.setStyleSheet("color: #b00020; font-weight: bold;")

    def _drop_game(self) -> None:
        if self.game is not None:
            self.game.stop()
            self.game.deleteLater()
            self.game = None

    def _show_pack_status(self, good: int) -> None:
        lines = [ngettext("{n} quiz pack ready.", "{n} quiz packs ready.", good).format(n=good)]
        if self.refused:
            lines.append(
                _("Refused (see the organiser view): {files}").format(files=", ".join(self.refused))
            )
        self.ui.packStatus.setText(" ".join(lines))
        self.ui.packStatus.setStyleSheet(
            "color: #b00020; font-weight: bold;" if self.refused else ""
        )

    def on_shown(self) -> None:
        """Pick up settings the organiser changed meanwhile."""
        if self._settings_key() != self._built_for:
            self.rebuild()

    def on_event_changed(self, event: ev.Event | None) -> None:
        """Another event: another leaderboard and languages."""
        self._drop_game()
        self.rebuild()

    # -- lock -----------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        """Whether the kiosk is in kiosk mode now."""
        return self.kiosk_window is not None

    def lock(self) -> bool:
        """Enter kiosk mode (needs an event with a PIN); False with a message if it cannot."""
        event = self.context.event
        if event is None or not event.has_pin:
            self.ui.packStatus.setText(
                _("Set an organiser PIN for the event first: only the PIN unlocks the kiosk.")
            )
            return False
        if self.locked:
            return True
        kiosk.set_locked(self.context.store, True)
        window = KioskWindow(self)  # a window of its own, deleted with this screen
        window.setWindowTitle(_("Energy quiz"))
        window.layout().addWidget(self.ui.board)
        self.ui.board.show()
        self.kiosk_window = window
        self.guard.locked = True
        host = self.window()
        screen = (host.screen() if host is not None else None) or window.screen()
        if screen is not None:  # without a window manager "full screen" is only a wish
            window.setGeometry(screen.geometry())
        window.showFullScreen()
        window.activateWindow()
        if host is not window:
            host.hide()
        self._show_lock_state()
        self.lock_changed.emit(True)
        return True

    def unlock(self, pin: str) -> bool:
        """Leave kiosk mode if *pin* is the event's PIN (and no wait from wrong PINs runs);
        ``last_pin_check`` keeps what the check said."""
        event = self.context.event
        self.last_pin_check = None
        try:
            if event is not None:
                self.last_pin_check = ev.check_pin(
                    self.context.store, event.id, pin, now=pin_prompt.utc_now()
                )
        except MscdError as exc:
            self.ui.pinError.setText(str(exc))
        if self.last_pin_check is None or not self.last_pin_check.accepted:
            return False
        kiosk.set_locked(self.context.store, False)
        self.guard.locked = False
        window, self.kiosk_window = self.kiosk_window, None
        self.ui.boardHostLayout.addWidget(self.ui.board)
        self.ui.board.show()
        if window is not None:
            window.locked = False
            window.close()
            self._retire(window)
        self.window().show()
        self._show_lock_state()
        self._back_to_game()
        self.lock_changed.emit(False)
        return True

    def _retire(self, window: KioskWindow) -> None:
        # Qt deletes the window later; dropping the last Python reference now would delete
        # it at once, possibly while Qt is still closing its windows (at quit: a crash).
        window.deleteLater()
        self._retired.append(window)

    def _show_lock_state(self) -> None:
        self.ui.unlockedWarning.setVisible(not self.locked)

    def _on_lock_clicked(self) -> None:
        self.lock()

    # -- PIN ------------------------------------------------------------------------------

    def _on_corner_long_pressed(self) -> None:
        if not self.locked:
            return
        self.ui.pinEdit.clear()
        event = self.context.event
        if event is not None:
            self.pin_wait.show_pending_wait(event.id)  # still waiting after wrong PINs?
        self.ui.pages.setCurrentWidget(self.ui.pinPage)
        self.ui.pinEdit.setFocus()  # a keyboard, if the organiser has one, types the PIN

    def _on_pin_key(self, key: str) -> None:
        if key == "⌫":
            self.ui.pinEdit.backspace()
        else:
            self.ui.pinEdit.insert(key)

    def _on_pin_ok_clicked(self) -> None:
        if not self.unlock(self.ui.pinEdit.text()):
            self.ui.pinEdit.clear()
            event, check = self.context.event, self.last_pin_check
            if event is not None and check is not None:
                self.pin_wait.show_check(event.id, check)
            QTimer.singleShot(PIN_ERROR_MS, self._back_to_game_if_waiting)

    def _back_to_game_if_waiting(self) -> None:
        if self.ui.pages.currentWidget() is self.ui.pinPage and not self.ui.pinEdit.text():
            self._back_to_game()

    def _back_to_game(self) -> None:
        if self.game is not None:
            self.game.redraw()

    # -- guard ----------------------------------------------------------------------------

    def _on_guard_quit(self) -> None:
        # The laptop shuts down: the kiosk window may close; the stored lock stays, so the
        # app comes back locked.
        if self.kiosk_window is not None:
            self.kiosk_window.locked = False

    def _on_guard_activity(self) -> None:
        if self.game is not None:
            self.game.touch()

    def _on_guard_key(self, index: int) -> None:
        if (
            self.game is not None
            and self.ui.pages.currentWidget() is not self.ui.pinPage
            and self.game.engine.state.phase is Phase.ANSWERING
        ):
            self.game.choose(index)

    def _on_guard_confirm(self) -> None:
        if self.game is not None and self.ui.pages.currentWidget() is not self.ui.pinPage:
            self.game.confirm()

    def shutdown(self) -> None:
        """Stop the game loop and the event filter (the lock itself stays as stored)."""
        self._stopped = True
        if self.game is not None:
            self.game.stop()
            self.game = None
        self.guard.remove()
        self.guard.locked = False
        if self.guard.quitting:
            return  # the app quits: Qt closes and deletes the kiosk window with its parent
        window, self.kiosk_window = self.kiosk_window, None
        if window is not None:
            self.ui.boardHostLayout.addWidget(self.ui.board)
            window.locked = False
            window.close()
            self._retire(window)
