"""``mscd-desktop --self-test``: prove that this copy of the app has all its parts.

Runs the core checks of :mod:`mscd_desktop.core.self_check` (store, event, ticket, badge
PDF, quiz packs, translations), then draws the guided start and every screen once,
offscreen, in a temporary folder that is removed afterwards. Prints one line per step with
its time, and exits 0 only when every step worked. The person's own data, settings, key
folder and keyring are never touched.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from mscd_desktop import __version__, i18n
from mscd_desktop.core import self_check
from mscd_desktop.core.formatting import formats_for
from mscd_desktop.i18n import _


def _say(text: str) -> None:
    print(text, flush=True)


class ScreenCheck:
    """The GUI steps: the guided start on an empty store, then each screen on an event."""

    def __init__(self, core: self_check.CoreCheck) -> None:
        self.core = core
        self.app = None

    def steps(self) -> list[self_check.Step]:
        from mscd_desktop.gui.shell.screens import SCREENS

        steps = [
            self_check.Step(_("start Qt offscreen"), self.start_qt),
            self_check.Step(_("draw the guided start"), self.draw_guided_start),
        ]
        for spec in SCREENS:
            steps.append(
                self_check.Step(
                    _("draw the screen “{screen}”").format(screen=_(spec.title)),
                    lambda key=spec.key: self.draw_screen(key),
                )
            )
        return steps

    def start_qt(self) -> str:
        from PySide6.QtCore import QSettings
        from PySide6.QtGui import QGuiApplication

        from mscd_desktop.gui.common import options
        from mscd_desktop.gui.common.translator import apply_language
        from mscd_desktop.gui.shell.app import create_application

        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(self.core.folder / "qt")
        )
        self.app = create_application([sys.argv[0]])
        apply_language(None)
        options.put(options.START_LIVE_SOURCE, False)
        from PySide6.QtTextToSpeech import QTextToSpeech

        engines = ", ".join(QTextToSpeech.availableEngines()) or _("none")
        return _("{platform}; speech engines: {engines}").format(
            platform=QGuiApplication.platformName(), engines=engines
        )

    def _grab(self, widget) -> str:
        from PySide6.QtWidgets import QApplication

        widget.resize(1366, 768)
        widget.show()
        QApplication.processEvents()
        picture = widget.grab()
        if picture.isNull() or picture.width() < 100:
            raise RuntimeError(_("Nothing was drawn."))
        return f"{picture.width()}x{picture.height()}"

    def draw_guided_start(self) -> str:
        from mscd_desktop.core.store import Store
        from mscd_desktop.gui.common.context import AppContext
        from mscd_desktop.gui.shell.main_window import MainWindow

        if self.app is None:
            raise RuntimeError(_("Qt did not start."))
        empty = self.core.folder / "empty"
        store = Store.open(empty)
        context = AppContext(store, empty)
        window = MainWindow(context)
        try:
            screen = window.screens["event"]
            if getattr(screen, "guided_start", None) is None:
                raise RuntimeError(_("The guided start is not shown on an empty data folder."))
            return self._grab(window)
        finally:
            self._close(window, context)
            store.close()

    def draw_screen(self, key: str) -> str:
        from mscd_desktop.gui.common.context import AppContext
        from mscd_desktop.gui.shell.main_window import MainWindow

        if self.app is None:
            raise RuntimeError(_("Qt did not start."))
        store = self.core.store
        if store is None or self.core.event is None:
            raise RuntimeError(_("Not possible: creating the event failed."))
        context = AppContext(store, self.core.folder / "data")
        window = MainWindow(context)
        try:
            window.show_screen(key)
            return self._grab(window)
        finally:
            self._close(window, context)

    @staticmethod
    def _close(window, context) -> None:
        from mscd_desktop.gui.common.workers import wait_for_all

        window.close()
        context.shutdown()
        wait_for_all()
        window.deleteLater()


def run_self_test() -> int:
    """Run every step, print one line each and a summary; 0 only when all worked."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # draws without a display, anywhere
    # The kiosk reads aloud through the system's speech service; connecting to it can
    # block for minutes where it is installed but stuck, so the drawn kiosk stays silent
    # (the speech plugins are still listed by the "start Qt" step).
    os.environ["MSCD_TTS_ENGINE"] = "none"
    folder = Path(tempfile.mkdtemp(prefix="mscd-self-test-"))
    self_check.isolate(folder)
    started = time.perf_counter()
    _say(
        _("mscd-desktop {version} self-test ({python}, in {folder})").format(
            version=__version__, python=sys.version.split()[0], folder=folder
        )
    )
    core = self_check.CoreCheck(folder)
    screens = ScreenCheck(core)
    try:
        results = self_check.run_steps(
            core.steps() + screens.steps(), lambda result: _say(result.line())
        )
    finally:
        core.close()
        shutil.rmtree(folder, ignore_errors=True)
    failed = [r for r in results if r.status == "failed"]
    elapsed = time.perf_counter() - started
    if failed:
        _say(
            _("Self-test FAILED: {failed} of {steps} steps ({seconds} s).").format(
                failed=len(failed),
                steps=len(results),
                seconds=formats_for(i18n.current_language()).decimal(elapsed),
            )
        )
        return 1
    _say(
        _("Self-test passed: {steps} steps in {seconds} s.").format(
            steps=len(results), seconds=formats_for(i18n.current_language()).decimal(elapsed)
        )
    )
    return 0
