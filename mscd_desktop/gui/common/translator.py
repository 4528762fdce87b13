"""Designer forms and Qt's own dialogs in the app's language.

Forms loaded with QUiLoader ask ``QCoreApplication.translate``; this translator answers
from the app's one gettext catalogue, so forms need no second catalogue. Qt's stock
dialogs (file pickers, message box buttons) use Qt's own ``qtbase_*.qm``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from mscd_desktop import i18n


class GettextTranslator(QTranslator):
    """Answers Qt's translation requests from the gettext catalogue."""

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        """The translation of *source*, or *source* itself."""
        if not source:
            return source
        return i18n.gettext(source)

    def isEmpty(self) -> bool:
        return False


_installed: list[QTranslator] = []


def apply_language(code: str | None) -> str:
    """Switch gettext and Qt's translators to *code* (None: the system's). Returns the code."""
    used = i18n.set_language(code)
    app = QCoreApplication.instance()
    if app is None:
        return used
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    qt_own = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(QLocale(used), "qtbase", "_", path):
        _installed.append(qt_own)
    _installed.append(GettextTranslator(app))
    for translator in _installed:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(used))
    return used
