"""Loading the Designer forms of ``ui/`` at run time (translated on load).

A form is named by its path under ``ui/`` without ``.ui``: ``"checkin/walk_in_dialog"`` is
``ui/checkin/walk_in_dialog.ui``; each screen's forms sit in the folder named like its package.
"""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

from mscd_desktop.paths import ui_dir

_loader: QUiLoader | None = None


def load_form(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the form ``ui/<name>.ui`` (e.g. ``"event/event_screen"``); its named children are
    attributes of the result."""
    global _loader
    if _loader is None:
        _loader = QUiLoader()
    path = ui_dir() / f"{name}.ui"
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"form {path} cannot be read")
    try:
        widget = _loader.load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"form {path} failed to load: {_loader.errorString()}")
    return widget


def embed_form(window: QWidget, name: str, margin: int = 0) -> QWidget:
    """Load ``ui/<name>.ui`` into *window* (a dialog or top-level view), filling it, and take
    the form's window title. Returns the form."""
    form = load_form(name, window)
    layout = QVBoxLayout(window)
    layout.setContentsMargins(margin, margin, margin, margin)
    layout.addWidget(form)
    if form.windowTitle():
        window.setWindowTitle(form.windowTitle())
    return form
