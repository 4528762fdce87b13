"""The import dialog: detect, ask when unsure, map columns, import off the GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt

from mscd_desktop.core import attendees as at
from mscd_desktop.gui.checkin.import_dialog import (
    PAGE_MAPPING,
    PAGE_RESULT,
    PAGE_SOURCE,
    ImportDialog,
)


def people(store, event):
    return {a.name: a for a in at.list_attendees(store, event.id)}


def open_dialog(qtbot, context, path):
    dialog = ImportDialog(context, path=path)
    qtbot.addWidget(dialog)
    dialog.resize(900, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.table is not None or dialog.ui.dialectWarning.isVisible())
    return dialog


def test_semicolon_file_is_previewed_mapped_and_imported(
    qtbot, context, store, tmp_path, screenshot
):
    from mscd_desktop.core import events as ev

    event = ev.create_event(
        store,
        ev.EventDraft(
            name="Open House",
            project="CITyFiED",
            city="Valladolid",
            date="2026-06-10",
            audiences=("citizens", "press"),
        ),
    )
    context.set_event(event)
    path = tmp_path / "inscripciones.csv"
    path.write_bytes(
        "Nombre;Apellidos;Correo electrónico;Organización;Perfil;Edad\n"
        "Ana;García;ana@x.es;Ayuntamiento de Laguna de Duero;Prensa;45\n"
        "Luis;Pérez;luis@;UVa;;33,5\n"
        '"=HYPERLINK(""http://x"")";;;;;\n'.encode("cp1252")
    )
    dialog = open_dialog(qtbot, context, path)
    assert "cp1252" in dialog.ui.formatLabel.text()
    assert "semicolon" in dialog.ui.formatLabel.text()
    assert dialog.ui.previewTable.rowCount() == 3
    assert dialog.ui.previewTable.item(0, 3).text() == "Ayuntamiento de Laguna de Duero"
    screenshot(dialog, "import_dialog_preview")
    qtbot.mouseClick(dialog.ui.nextButton, Qt.MouseButton.LeftButton)
    assert dialog.ui.pages.currentIndex() == PAGE_MAPPING
    assert dialog.mapping() == {
        "first_name": 0,
        "last_name": 1,
        "email": 2,
        "organisation": 3,
        "audience": 4,
        "age": 5,
    }
    screenshot(dialog, "import_dialog_mapping")
    with qtbot.waitSignal(dialog.attendees_imported, timeout=10000) as imported:
        qtbot.mouseClick(dialog.ui.importButton, Qt.MouseButton.LeftButton)
    report = imported.args[0]
    assert (report.added, report.rejected_rows) == (2, 1)
    assert dialog.ui.pages.currentIndex() == PAGE_RESULT
    table = dialog.ui.reportTable
    cells = [[table.item(r, c).text() for c in range(4)] for r in range(table.rowCount())]
    assert ["3", "E-mail", "rejected", "'luis@' is not an e-mail address."] in cells
    assert any(c[0] == "4" and "formula" in c[3] for c in cells)
    assert dialog.ui.closeButton.isVisible()
    screenshot(dialog, "import_dialog_report")
    stored = people(store, event)
    assert stored["Ana García"].audience == "press"
    assert stored['=HYPERLINK("http://x")'].audience == "citizens"


def test_undetectable_separator_is_asked_for(qtbot, demo_context, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("Who;Where,Row\nAna;b,c\nEva;e,f\n", encoding="utf-8")
    dialog = open_dialog(qtbot, demo_context, path)
    assert dialog.ui.dialectWarning.isVisible()
    assert "Cannot tell how the columns are separated" in dialog.ui.dialectWarning.text()
    assert not dialog.ui.nextButton.isEnabled()
    combo = dialog.ui.delimiterCombo
    combo.setCurrentIndex(combo.findData(";"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: dialog.table is not None and dialog.table.format.delimiter == ";")
    assert not dialog.ui.dialectWarning.isVisible() and dialog.ui.nextButton.isEnabled()
    assert dialog.table.header == ["Who", "Where,Row"]
    qtbot.mouseClick(dialog.ui.nextButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ui.importButton, Qt.MouseButton.LeftButton)
    assert "No column with the attendees' names" in dialog.ui.mappingError.text()
    assert dialog.ui.pages.currentIndex() == PAGE_MAPPING
    name_combo = dialog.mapping_combos["name"]
    name_combo.setCurrentIndex(name_combo.findData(0))
    with qtbot.waitSignal(dialog.attendees_imported, timeout=10000) as imported:
        qtbot.mouseClick(dialog.ui.importButton, Qt.MouseButton.LeftButton)
    assert imported.args[0].added == 2
    assert {"Ana", "Eva"} <= set(people(demo_context.store, demo_context.event))


def test_unreadable_file_says_why(qtbot, demo_context, tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    dialog = open_dialog(qtbot, demo_context, path)
    assert "old Excel (.xls)" in dialog.ui.dialectWarning.text()
    assert dialog.ui.pages.currentIndex() == PAGE_SOURCE
    assert not dialog.ui.nextButton.isEnabled()


def test_cancel_imports_nothing_and_keeps_the_window_usable(qtbot, demo_context, tmp_path):
    before = len(at.list_attendees(demo_context.store, demo_context.event.id))
    path = tmp_path / "big.csv"
    path.write_text(
        "Name,E-mail\n" + "".join(f"Person {i},p{i}@x.es\n" for i in range(6000)), encoding="utf-8"
    )
    dialog = open_dialog(qtbot, demo_context, path)
    dialog.batch_size = 50
    qtbot.mouseClick(dialog.ui.nextButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ui.importButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ui.cancelButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    assert dialog.report.cancelled
    assert "nothing was imported" in dialog.ui.summaryLabel.text()
    assert dialog.isVisible()
    assert len(at.list_attendees(demo_context.store, demo_context.event.id)) == before


def test_window_keeps_responding_while_a_big_file_imports(qtbot, demo_context, tmp_path):
    from PySide6.QtCore import QElapsedTimer, QTimer

    path = tmp_path / "big.csv"
    path.write_text(
        "Nombre;Correo;Organización\n"
        + "".join(f"Persona {i};p{i}@x.es;Ayuntamiento\n" for i in range(8000)),
        encoding="utf-8",
    )
    dialog = open_dialog(qtbot, demo_context, path)
    qtbot.mouseClick(dialog.ui.nextButton, Qt.MouseButton.LeftButton)
    gaps: list[int] = []
    clock = QElapsedTimer()
    timer = QTimer(dialog)
    timer.setInterval(10)

    def tick() -> None:
        gaps.append(clock.restart())

    timer.timeout.connect(tick)
    progress: list[int] = []
    dialog.ui.progressBar.valueChanged.connect(progress.append)
    clock.start()
    timer.start()
    with qtbot.waitSignal(dialog.attendees_imported, timeout=60000) as imported:
        qtbot.mouseClick(dialog.ui.importButton, Qt.MouseButton.LeftButton)
    timer.stop()
    assert imported.args[0].added == 8000
    assert len(progress) >= 10  # the bar moved batch by batch
    # On the GUI thread the import would stop the timer for its whole length (>0.5 s).
    assert len(gaps) >= 5 and max(gaps) < 400, gaps


def test_closing_during_an_import_cancels_it_then_closes(qtbot, demo_context, tmp_path):
    before = len(at.list_attendees(demo_context.store, demo_context.event.id))
    path = tmp_path / "big.csv"
    path.write_text("Name\n" + "".join(f"Person {i}\n" for i in range(6000)), encoding="utf-8")
    dialog = open_dialog(qtbot, demo_context, path)
    dialog.batch_size = 50
    qtbot.mouseClick(dialog.ui.nextButton, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ui.importButton, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()  # still running: it closes once the worker stopped
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20000)
    assert dialog.report is not None and dialog.report.cancelled
    assert len(at.list_attendees(demo_context.store, demo_context.event.id)) == before
