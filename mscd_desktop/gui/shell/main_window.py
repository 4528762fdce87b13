"""The main window: navigation between the day's screens, status bar, automatic backups."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QIcon
from PySide6.QtWidgets import (
    QLabel,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSizePolicy,
    QToolBar,
    QWidget,
)

from mscd_desktop.core import backups, local_secret
from mscd_desktop.core.events import Event
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.gui.common import options
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.forms import load_form
from mscd_desktop.gui.common.screen import Screen
from mscd_desktop.gui.common.workers import run_task
from mscd_desktop.gui.shell.about_dialog import AboutDialog
from mscd_desktop.gui.shell.backups_dialog import BackupsDialog
from mscd_desktop.gui.shell.screens import SCREENS, ScreenSpec
from mscd_desktop.gui.shell.settings_dialog import SettingsDialog
from mscd_desktop.i18n import _
from mscd_desktop.paths import resources_dir

BACKUP_CHECK_MS = 60_000
NAVIGATION_WIDTH = (170, 280)  # the sidebar's narrowest and widest, in pixels
NAVIGATION_SLACK = 12  # room beside the longest title, so it never touches the edge
LIVE_SOURCE_DELAY_MS = 1500  # after the window or the kiosk shows: its start stays quick


def _short_path(path: Path) -> str:
    """*path* with the home folder written as ~, to fit the status bar."""
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home) :] if home != "/" and text.startswith(home + "/") else text


def navigation_icon(name: str) -> QIcon:
    """A navigation icon that looks the same selected: Qt would tint a selected item's icon
    with the selection colour, and a white icon on the green bar nearly vanished."""
    path = str(resources_dir() / "icons" / name)
    icon = QIcon(path)
    icon.addFile(path, QSize(), QIcon.Mode.Selected)
    return icon


class MainWindow(QMainWindow):
    """Navigation on the left, the chosen screen on the right; screens are built on first use."""

    language_change_requested = Signal(str)
    restore_requested = Signal(str)  # a backup's file name, the PIN typed
    shown = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        # The form is a QMainWindow of its own: take its parts, keep it alive for its actions.
        self.form = load_form("shell/main_window")
        self.form.hide()
        self.setWindowTitle(self.form.windowTitle())
        self.setCentralWidget(self.form.centralWidget())
        self.setMenuBar(self.form.menuBar())
        self.setStatusBar(self.form.statusBar())
        self.ui = self.form
        self.screens: dict[str, Screen] = {}
        self._shown_row = -1  # the navigation row of the screen shown
        self._specs: list[ScreenSpec] = list(SCREENS)
        self._event_label = QLabel()
        self._data_label = QLabel(_("Data: {path}").format(path=_short_path(context.data_dir)))
        self._data_label.setToolTip(_("Data folder: {path}").format(path=context.data_dir))
        self._backup_label = QLabel()
        for label in (self._event_label, self._data_label, self._backup_label):
            self.statusBar().addPermanentWidget(label)
        self._build_navigation()
        self.ui.backupAction.triggered.connect(self.backup_now)
        self.ui.backupsAction.triggered.connect(self.show_backups)
        self.ui.settingsAction.triggered.connect(self._on_settings_triggered)
        self.ui.quitAction.triggered.connect(self._on_quit_triggered)
        self.ui.aboutAction.triggered.connect(self._on_about_triggered)
        context.event_changed.connect(self._on_context_event_changed)
        context.backup_taken.connect(self._on_context_backup_taken)
        context.status_message_requested.connect(
            lambda text: self.statusBar().showMessage(text, 8000)
        )
        context.screen_requested.connect(self._on_context_screen_requested)
        self._pacer = backups.BackupPacer(context.store)
        self._backup_running = False
        self._backup_timer = QTimer(self)
        self._backup_timer.timeout.connect(self._on_backup_timer_timeout)
        self._backup_timer.start(BACKUP_CHECK_MS)
        self._show_status()
        geometry = options.get(options.WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        start = options.get(options.LAST_SCREEN) if context.event else "event"
        self.show_screen(start if start in {s.key for s in self._specs} else "event")
        if context.event is not None:
            self.backup_now()
        QTimer.singleShot(0, self.show_secret_notice)

    # -- navigation ------------------------------------------------------------------------

    def _build_navigation(self) -> None:
        nav = self.ui.navigation
        for spec in self._specs:
            item = QListWidgetItem(navigation_icon(spec.icon), _(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            nav.addItem(item)
        nav.currentRowChanged.connect(self._on_navigation_row_changed)
        self._fit_navigation()
        self._update_navigation()

    def _fit_navigation(self) -> None:
        """As wide as the longest screen title in this language needs (within limits), and
        never a horizontal scrollbar: a title longer than that wraps onto a second line."""
        nav = self.ui.navigation
        nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        nav.setTextElideMode(Qt.TextElideMode.ElideNone)
        nav.ensurePolished()
        nav.setWordWrap(False)
        needed = nav.sizeHintForColumn(0) + 2 * nav.frameWidth() + NAVIGATION_SLACK
        nav.setFixedWidth(max(NAVIGATION_WIDTH[0], min(NAVIGATION_WIDTH[1], needed)))
        nav.setWordWrap(True)

    def _update_navigation(self) -> None:
        has_event = self.context.event is not None
        for row, spec in enumerate(self._specs):
            item = self.ui.navigation.item(row)
            enabled = has_event or not spec.needs_event
            flags = item.flags()
            if enabled:
                flags |= Qt.ItemFlag.ItemIsEnabled
            else:
                flags &= ~Qt.ItemFlag.ItemIsEnabled
            item.setFlags(flags)
            item.setToolTip("" if enabled else _("Open an event first"))

    def show_screen(self, key: str) -> Screen:
        """Navigate to the screen *key*, building it on first use; returns the screen
        shown (still the current one when the organiser chose to stay with unsaved input)."""
        row = next(i for i, spec in enumerate(self._specs) if spec.key == key)
        if self.ui.navigation.currentRow() != row:
            self.ui.navigation.setCurrentRow(row)  # comes back through the slot below
        else:
            self._on_navigation_row_changed(row)
        shown = self.current_screen()
        return self.screens[key] if shown is None else shown

    def current_screen(self) -> Screen | None:
        """The screen shown now."""
        widget = self.ui.stack.currentWidget()
        return widget if isinstance(widget, Screen) else None

    def _may_leave_current_screen(self) -> bool:
        screen = self.current_screen()
        return screen is None or screen.can_leave()

    def _on_navigation_row_changed(self, row: int) -> None:
        if row < 0:
            return
        spec = self._specs[row]
        if spec.needs_event and self.context.event is None:
            self.ui.navigation.setCurrentRow(0)
            return
        screen = self.screens.get(spec.key)
        if screen is not self.current_screen() and not self._may_leave_current_screen():
            self.ui.navigation.blockSignals(True)  # stay: unsaved input the organiser kept
            self.ui.navigation.setCurrentRow(self._shown_row)
            self.ui.navigation.blockSignals(False)
            return
        self._shown_row = row
        if screen is None:
            screen = spec.load_class()(self.context, self.ui.stack)
            self.screens[spec.key] = screen
            self.ui.stack.addWidget(screen)
        self.ui.stack.setCurrentWidget(screen)
        options.put(options.LAST_SCREEN, spec.key)
        screen.on_shown()
        if spec.key == "kiosk" and options.get(options.START_LIVE_SOURCE):
            # The kiosk's live-meter questions need readings even where nobody opens the
            # Live energy screen. Only for the kiosk: a check-in desk never pays the start.
            QTimer.singleShot(LIVE_SOURCE_DELAY_MS, self.context.start_feed)

    def _on_context_screen_requested(self, key: str, argument: object) -> None:
        screen = self.show_screen(key)
        if screen is self.screens.get(key):  # not when the organiser stayed (unsaved input)
            screen.on_requested(argument)

    # -- status ----------------------------------------------------------------------------

    def _show_status(self) -> None:
        event = self.context.event
        self._event_label.setText(
            _("Event: {name}").format(name=event.name) if event else _("No event open")
        )
        last = self._pacer.last_backup
        self._backup_label.setText(
            _("Last backup: {time}").format(time=current_formats().time(last.taken_at.astimezone()))
            if last
            else _("No backup yet")
        )

    def _on_context_event_changed(self, event: Event | None) -> None:
        self._update_navigation()
        self._show_status()
        self.show_secret_notice()  # the first PIN or key of this computer was just stored?
        if event is not None:
            self.backup_now()

    def _on_context_backup_taken(self, _backup: backups.Backup) -> None:
        self._show_status()

    # -- backups ---------------------------------------------------------------------------

    @property
    def backing_up(self) -> bool:
        """Whether a backup is being taken (until its outcome reached the window)."""
        return self._backup_running

    def backup_now(self) -> None:
        """Take a backup off the GUI thread (skipped while one is running: its outcome is
        the answer)."""
        if self._backup_running:
            return
        self._backup_running = True

        def done(taken: backups.Backup) -> None:
            self._backup_running = False
            self.context.backup_taken.emit(taken)

        def failed(error: BaseException) -> None:
            self._backup_running = False
            self.statusBar().showMessage(str(error), 15000)
            self.context.backup_failed.emit(str(error))

        run_task(
            lambda _progress, _cancelled: self._pacer.backup_now(), on_done=done, on_error=failed
        )

    def show_backups(self) -> BackupsDialog:
        """The Backups dialog (not modal: a backup taken meanwhile shows up in it)."""
        dialog = BackupsDialog(self.context, self.backup_now, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restore_requested.connect(self.restore_requested)
        dialog.open()
        return dialog

    def _on_backup_timer_timeout(self) -> None:
        self.show_secret_notice()
        if self._pacer.due():
            self.backup_now()

    def show_secret_notice(self) -> QToolBar | None:
        """Say once where the secret that protects the signing keys and PINs was put, when
        this app made it (the first time a key or PIN was stored on this computer).

        A bar inside the window, not a dialog: it takes no keyboard focus, so a scan at the
        desk never lands in it."""
        notice = local_secret.take_notice()
        if not notice:
            return None
        bar = QToolBar(_("Where the keys are protected"), self)
        bar.setObjectName("secretNoticeBar")
        bar.setMovable(False)
        bar.setFloatable(False)
        label = QLabel(notice, bar)
        label.setObjectName("secretNotice")
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        label.setMinimumWidth(720)  # a tool bar sizes a wrapped label by its narrowest form
        button = QPushButton(_("Understood"), bar)
        button.setObjectName("secretNoticeButton")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(lambda _checked=False: self._close_secret_notice(bar))
        bar.addWidget(label)
        bar.addWidget(button)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
        return bar

    def _close_secret_notice(self, bar: QToolBar) -> None:
        self.removeToolBar(bar)
        bar.deleteLater()

    # -- menus -----------------------------------------------------------------------------

    def _on_settings_triggered(self) -> None:
        dialog = SettingsDialog(str(self.context.data_dir), self)
        if dialog.exec():
            chosen = dialog.chosen_language()
            # another language rebuilds the window: unsaved input is asked about first
            if chosen != options.get(options.LANGUAGE) and self._may_leave_current_screen():
                options.put(options.LANGUAGE, chosen)
                self.language_change_requested.emit(chosen)

    def _on_about_triggered(self) -> None:
        AboutDialog(self.context.data_dir, self).exec()

    # -- life cycle ------------------------------------------------------------------------

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self.shown.emit)

    def shutdown(self) -> None:
        """Stop timers and every screen's work."""
        self._backup_timer.stop()
        for screen in self.screens.values():
            screen.shutdown()

    def _on_quit_triggered(self) -> None:
        if self._may_leave_current_screen():
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        # The organiser closing the window is asked about unsaved input; a shutdown of the
        # laptop (SIGTERM) or a rebuild in another language closes it from the code.
        if event.spontaneous() and not self._may_leave_current_screen():
            event.ignore()
            return
        options.put(options.WINDOW_GEOMETRY, self.saveGeometry())
        self.shutdown()
        super().closeEvent(event)
