"""Every user-visible string goes through the one catalogue, and the catalogues keep up.

The bypass check runs the app in a pseudo-language whose every translation is wrapped in
⟦…⟧: any text on a screen, menu or CLI help without the brackets did not go through
``_()`` (or its form string was marked ``notr``).
"""

from __future__ import annotations

import click
import pytest

from mscd_desktop.devtools import translations


def test_catalogues_are_complete_and_compiled():
    assert translations.problems() == []


def test_compiled_catalogue_is_compared_by_meaning_not_bytes(tmp_path):
    import io

    from babel.messages.mofile import write_mo

    catalog = translations.load("es")
    catalog.mime_headers = [*catalog.mime_headers, ("Generated-By", "Babel 99.0.0")]
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    other_babel = tmp_path / "other-babel.mo"
    other_babel.write_bytes(buffer.getvalue())
    assert translations.compiled_messages(other_babel) == translations.translated_messages(catalog)

    changed = next(m for m in catalog if m.id and isinstance(m.id, str) and m.string)
    changed.string = changed.string + " (changed)"
    assert translations.compiled_messages(other_babel) != translations.translated_messages(catalog)


def _untranslated(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [
        (where, text)
        for where, text in texts
        if any(ch.isalpha() for ch in text) and "⟦" not in text
    ]


def test_cli_help_is_translated(pseudo_language):
    from mscd_desktop.cli import build_cli

    texts: list[tuple[str, str]] = []

    def walk(command: click.Command, path: str) -> None:
        texts.append((path, command.help or ""))
        for param in command.params:
            if isinstance(param, click.Option) and param.help:
                if param.name in {"help", "version"}:
                    continue
                texts.append((f"{path} {param.opts[0]}", param.help))
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")

    walk(build_cli(), "mscd")
    assert len(texts) > 20
    assert _untranslated(texts) == []


@pytest.mark.gui
def test_every_screen_shows_only_translated_text(qtbot, pseudo_language, store, data_dir, tmp_path):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QLineEdit, QWidget

    from mscd_desktop.core.demo import create_demo
    from mscd_desktop.gui.common.context import AppContext
    from mscd_desktop.gui.common.translator import apply_language
    from mscd_desktop.gui.shell.main_window import MainWindow
    from mscd_desktop.gui.shell.screens import SCREENS

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    apply_language(pseudo_language)
    create_demo(store)
    window = MainWindow(AppContext(store, data_dir))
    qtbot.addWidget(window)
    window.show()
    for spec in SCREENS:
        window.show_screen(spec.key)
    texts: list[tuple[str, str]] = [("window title", window.windowTitle())]
    nav = window.ui.navigation
    texts += [(f"navigation {i}", nav.item(i).text()) for i in range(nav.count())]
    for action in window.menuBar().actions():
        texts.append((f"menu {action.objectName()}", action.text()))
        if action.menu():
            texts += [
                (f"action {a.objectName()}", a.text())
                for a in action.menu().actions()
                if not a.isSeparator()
            ]
    for widget in window.findChildren(QWidget):
        if widget.property("mscd_data"):
            continue
        where = f"{type(widget).__name__} {widget.objectName()}"
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append((where, widget.text()))
        if isinstance(widget, QGroupBox):
            texts.append((where, widget.title()))
        if isinstance(widget, QLineEdit):
            texts.append((where + " placeholder", widget.placeholderText()))
        if widget.toolTip():
            texts.append((where + " tooltip", widget.toolTip()))
    assert len(texts) > 30
    assert _untranslated(texts) == []
    apply_language("en")
