"""Help → About: version, data folder with "Open folder", licences from the metadata."""

from __future__ import annotations

import json
from importlib import metadata

from PySide6.QtCore import Qt

from mscd_desktop import __version__, licences
from mscd_desktop.gui.shell import about_dialog
from mscd_desktop.gui.shell.about_dialog import AboutDialog


def _rows(dialog) -> dict[str, tuple[str, str]]:
    table = dialog.ui.componentsTable
    return {
        table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
        for r in range(table.rowCount())
    }


def test_about_shows_version_data_folder_and_the_installed_licences(
    qtbot, data_dir, monkeypatch, screenshot
):
    opened = []
    monkeypatch.setattr(
        about_dialog.QDesktopServices, "openUrl", lambda url: opened.append(url) or True
    )
    dialog = AboutDialog(data_dir)
    qtbot.addWidget(dialog)
    dialog.show()
    assert __version__ in dialog.ui.titleLabel.text()
    assert str(data_dir) in dialog.ui.dataFolderLabel.text()
    qtbot.mouseClick(dialog.ui.openFolderButton, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opened] == [str(data_dir)]
    qtbot.waitUntil(lambda: dialog.ui.componentsTable.rowCount() > 10, timeout=10000)
    rows = _rows(dialog)
    for name in ("PySide6_Essentials", "reportlab", "cryptography"):
        dist = metadata.distribution(name)
        assert rows[dist.metadata["Name"]][0] == dist.version
    qt = metadata.distribution("PySide6_Essentials").metadata
    assert rows["PySide6_Essentials"][1] == (qt.get("License-Expression") or qt.get("License"))
    assert "pytest" not in rows  # a test tool, not a part of the app
    row = list(rows).index("cryptography")
    dialog.ui.componentsTable.setCurrentCell(row, 0)
    text = dialog.ui.licenceText.toPlainText()
    assert text.startswith("cryptography ") and "Apache License" in text
    screenshot(dialog, "about-dialog")


def test_a_bundle_reads_the_licences_written_at_build_time(qtbot, data_dir, tmp_path, monkeypatch):
    resources = tmp_path / "resources"
    written = licences.write_licence_file(resources / licences.LICENCE_FILE, {"click"})
    assert written == 3  # mscd-desktop, click (the only one shipped) and Python
    stored = json.loads((resources / licences.LICENCE_FILE).read_text("utf-8"))
    stored[1]["licence"] = "as written at build time"
    (resources / licences.LICENCE_FILE).write_text(json.dumps(stored), "utf-8")
    monkeypatch.setattr(licences, "resources_dir", lambda: resources)
    dialog = AboutDialog(data_dir)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.ui.componentsTable.rowCount() == 3, timeout=10000)
    assert _rows(dialog)["click"][1] == "as written at build time"
    assert list(_rows(dialog)) == ["mscd-desktop", "click", "Python"]
