"""The walk-in, school group and import dialogs show only text that went through ``_()``."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QWidget

from mscd_desktop.gui.checkin.import_dialog import ImportDialog
from mscd_desktop.gui.checkin.school_group_dialog import SchoolGroupDialog
from mscd_desktop.gui.checkin.walk_in_dialog import WalkInDialog

# Names of encodings are the same in every language.
ENCODING_NAMES = ("UTF-8", "UTF-16", "ISO-8859-15", *(f"Windows-125{n}" for n in (0, 1, 2, 3, 7)))


def shown_texts(dialog: QWidget) -> list[tuple[str, str]]:
    texts = [("title", dialog.windowTitle())]
    for widget in dialog.findChildren(QWidget):
        where = f"{type(widget).__name__} {widget.objectName()}"
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append((where, widget.text()))
        if isinstance(widget, QGroupBox):
            texts.append((where, widget.title()))
        if isinstance(widget, QLineEdit) and not widget.isReadOnly():
            texts.append((where + " placeholder", widget.placeholderText()))
        if isinstance(widget, QComboBox) and widget.objectName() != "sheetCombo":
            texts += [
                (f"{where} item {i}", widget.itemText(i))
                for i in range(widget.count())
                if widget.itemText(i) not in ENCODING_NAMES
                and not widget.itemText(i).startswith("⟦Column")
            ]
        if widget.toolTip():
            texts.append((where + " tooltip", widget.toolTip()))
    return [
        (where, text)
        for where, text in texts
        if any(ch.isalpha() for ch in text) and "⟦" not in text
    ]


def test_attendee_dialogs_show_only_translated_text(qtbot, pseudo_language, demo_context, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name;E-mail\nAna;ana@x.es\n", encoding="utf-8")
    dialogs = [
        WalkInDialog(demo_context),
        SchoolGroupDialog(demo_context),
        ImportDialog(demo_context, path=path),
    ]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
    qtbot.waitUntil(lambda: dialogs[2].table is not None)
    assert [shown_texts(d) for d in dialogs] == [[], [], []]
