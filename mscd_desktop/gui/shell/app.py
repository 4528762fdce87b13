"""``mscd-desktop``: start the GUI on the data folder (``--demo`` opens the demo event)."""

from __future__ import annotations

import argparse
import logging
import signal
import sqlite3
import sys
import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog

from mscd_desktop import APP_NAME, ORGANISATION, __version__, i18n
from mscd_desktop.core import backups
from mscd_desktop.core.demo import create_demo
from mscd_desktop.core.errors import (
    CorruptDatabaseError,
    EmptyDatabaseError,
    MscdError,
    StoreError,
)
from mscd_desktop.core.import_runs import recover_interrupted_imports
from mscd_desktop.core.store import Store
from mscd_desktop.gui.common import options
from mscd_desktop.gui.common.context import AppContext
from mscd_desktop.gui.common.translator import apply_language
from mscd_desktop.gui.common.workers import run_task, wait_for_all
from mscd_desktop.gui.shell.display_check import display_problem
from mscd_desktop.gui.shell.main_window import LIVE_SOURCE_DELAY_MS, MainWindow
from mscd_desktop.i18n import _
from mscd_desktop.paths import default_data_dir, resources_dir

log = logging.getLogger(__name__)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="mscd-desktop", description=_("Run an energy-efficiency Open House day offline.")
    )
    parser.add_argument("--data-dir", type=Path, help=_("Folder of the database."))
    parser.add_argument(
        "--demo", action="store_true", help=_("Open the demo event (created on first use).")
    )
    parser.add_argument("--language", help=_("Language code, e.g. es (default: the setting)."))
    parser.add_argument("--screen", help=_("Screen to show first, e.g. event."))
    parser.add_argument(
        "--self-test",
        action="store_true",
        help=_(
            "Check that this copy of the app works (store, tickets, PDFs, quiz packs, "
            "translations, every screen) in a temporary folder, then exit."
        ),
    )
    parser.add_argument(
        "--install-menu-entry",
        action="store_true",
        help=_("Linux: add the app to your applications menu (for you only), then exit."),
    )
    parser.add_argument(
        "--remove-menu-entry",
        action="store_true",
        help=_("Linux: remove the app from your applications menu, then exit."),
    )
    parser.add_argument("--startup-benchmark", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with the app's names, icon and stylesheet."""
    app = QApplication.instance() or QApplication(argv or [APP_NAME])
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APP_NAME)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("mscd-desktop")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))
    style = resources_dir() / "styles" / "app.qss"
    if style.exists():
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    return app


def open_store_or_recover(data_dir: Path) -> Store | None:
    """Open the store; on a damaged or foreign file explain and offer the latest backup."""
    while True:
        try:
            store = Store.open(data_dir)
            recover_interrupted_imports(store)  # an import cut short by a crash is undone
            return store
        except CorruptDatabaseError as exc:
            if not exc.latest_backup:
                QMessageBox.critical(
                    None,
                    _("Cannot open the data"),
                    str(exc)
                    + "\n\n"
                    + _("There is no backup to restore. The file was left untouched."),
                )
                return None
            empty = isinstance(exc, EmptyDatabaseError)
            answer = QMessageBox.question(
                None,
                _("The database is empty") if empty else _("The database is damaged"),
                str(exc)
                + "\n\n"
                + (
                    _(
                        "Restore the latest backup ({name})? The empty file is kept "
                        "beside it, not overwritten."
                    )
                    if empty
                    else _(
                        "Restore the latest backup ({name})? The damaged file is "
                        "kept beside it, not overwritten."
                    )
                ).format(name=Path(exc.latest_backup).name),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
            try:
                backups.restore_backup(data_dir, Path(exc.latest_backup).name)
            except StoreError as refused:  # e.g. an mscd command still has the file open
                QMessageBox.critical(None, _("Cannot restore the backup"), str(refused))
                return None
        except (StoreError, sqlite3.Error, OSError) as exc:
            QMessageBox.critical(None, _("Cannot open the data"), str(exc))
            return None


class Session:
    """The running app: one context, and a main window rebuilt when the language changes."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.window: MainWindow | None = None

    def show(self, screen: str | None = None) -> MainWindow:
        if self.window is None and options.get(options.START_LIVE_SOURCE):
            # A real meter chosen earlier starts with the app, so its minutes reach the
            # event's figures whichever screen is showing (the simulator waits for the
            # Live energy screen or the kiosk).
            QTimer.singleShot(LIVE_SOURCE_DELAY_MS, self.context.start_real_feed)
        if self.window is None:
            self.context.sync.start_schedule()  # automatic retries, and the purge of old names
        window = MainWindow(self.context)
        window.language_change_requested.connect(self.change_language)
        window.restore_requested.connect(self.restore_backup)
        if screen:
            window.show_screen(screen)
        window.show()
        self.window = window
        return window

    def change_language(self, code: str) -> None:
        """Rebuild the window in the new language; the open event stays open."""
        apply_language(code or None)
        if self.window is None:
            return
        key, geometry = self._close_window()
        window = self.show(key)
        window.restoreGeometry(geometry)

    def restore_backup(self, name: str) -> None:
        """Close the window and the store, put backup *name* in place (off the GUI thread),
        and open the app again on the restored data; on failure, on the data as it was."""
        app = QApplication.instance()
        app.setQuitOnLastWindowClosed(False)  # no window while the file is copied
        key, geometry = self._close_window()
        self.window = None  # show() starts the new context's feed and sync schedule
        self.context.shutdown()
        wait_for_all()
        data_dir = self.context.data_dir
        self.context.store.close()
        progress = QProgressDialog(_("Restoring the backup…"), "", 0, 0)
        progress.setCancelButton(None)  # a half-copied restore is cleaned up, not cancelled
        progress.setWindowTitle(_("Restore a backup"))
        progress.show()

        def reopen(title: str, message: str, icon: QMessageBox.Icon) -> None:
            progress.close()
            store = open_store_or_recover(data_dir)
            if store is None:
                app.quit()
                return
            self.context = AppContext(store, data_dir)
            window = self.show(key)
            window.restoreGeometry(geometry)
            app.setQuitOnLastWindowClosed(True)
            box = QMessageBox(icon, title, message, parent=window)
            box.setObjectName("restoreOutcome")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

        def restored(result: tuple[str, Path]) -> None:
            restored_name, aside = result
            reopen(
                _("Backup restored"),
                _("{name} is in place. The data it replaced is kept as {file}.").format(
                    name=restored_name, file=aside
                ),
                QMessageBox.Icon.Information,
            )

        def failed(error: BaseException) -> None:
            if not isinstance(error, (MscdError, OSError)):
                raise error
            reopen(_("Cannot restore the backup"), str(error), QMessageBox.Icon.Warning)

        run_task(
            lambda _progress, _cancelled: backups.restore_backup(data_dir, name),
            on_done=restored,
            on_error=failed,
        )

    def _close_window(self) -> tuple[str | None, QByteArray]:
        """Close the window; returns the screen it showed and its geometry."""
        old = self.window
        if old is None:
            return None, QByteArray()
        key = next((k for k, s in old.screens.items() if old.ui.stack.currentWidget() is s), None)
        geometry = old.saveGeometry()
        old.close()
        old.deleteLater()
        return key, geometry


def quit_on_signals(app: QApplication, session: Session) -> None:
    """Close the window cleanly on SIGTERM/SIGINT (a laptop shutting down, Ctrl+C)."""

    def close(*_args: object) -> None:
        if session.window is not None:
            session.window.close()
        app.quit()

    signal.signal(signal.SIGTERM, close)
    signal.signal(signal.SIGINT, close)
    # Python runs signal handlers only between bytecodes: wake it up now and then.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def change_menu_entry(install: bool) -> int:
    """``--install-menu-entry`` / ``--remove-menu-entry``: say what was written or removed."""
    from mscd_desktop import desktop_entry

    if install:
        frozen = getattr(sys, "frozen", False)
        executable = Path(sys.executable if frozen else sys.argv[0]).resolve()
        for path in desktop_entry.install_menu_entry(executable):
            print(_("Written: {path}").format(path=path))
        print(
            _("mscd-desktop is in your applications menu now (starting {path}).").format(
                path=executable
            )
        )
    else:
        removed = desktop_entry.remove_menu_entry()
        for path in removed:
            print(_("Removed: {path}").format(path=path))
        if not removed:
            print(_("There was no menu entry to remove."))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the GUI; returns the exit status."""
    started = time.perf_counter()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.install_menu_entry or args.remove_menu_entry:
        return change_menu_entry(install=args.install_menu_entry)
    if args.self_test:
        from mscd_desktop.gui.shell.self_test import run_self_test

        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
        return run_self_test()
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    language = args.language or options.get(options.LANGUAGE) or None
    i18n.set_language(language)
    problem = display_problem()
    if problem:  # before Qt, which would abort with a list of plugins instead
        print(problem, file=sys.stderr, flush=True)
        return 2
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = create_application(sys.argv[:1])
    apply_language(language)
    log.info("mscd-desktop %s, SQLite %s", __version__, sqlite3.sqlite_version)
    data_dir = args.data_dir or default_data_dir()
    store = open_store_or_recover(data_dir)
    if store is None:
        return 1
    if args.demo:
        create_demo(store)
    session = Session(AppContext(store, data_dir))
    window = session.show(args.screen)
    if args.startup_benchmark:

        def report() -> None:
            print(f"shown {time.perf_counter() - started:.3f}", flush=True)
            app.quit()

        window.shown.connect(report)
    quit_on_signals(app, session)
    status = app.exec()
    session.context.shutdown()
    wait_for_all()
    session.context.store.close()  # a restore may have opened another
    return status
