"""The small settings dialog of the live energy screen: simulator, CSV replay or MQTT."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QWidget

from mscd_desktop.core.energy.mqtt_connect import DEFAULT_PORT, DEFAULT_TLS_PORT
from mscd_desktop.core.energy.mqtt_presets import PRESETS
from mscd_desktop.core.energy.source_choice import (
    CSV_REPLAY,
    KINDS,
    MQTT,
    SCENARIO_NAMES,
    SIMULATOR,
    SourceChoice,
    build_source,
)
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.gui.common.forms import embed_form
from mscd_desktop.i18n import _

PAGES = (SIMULATOR, CSV_REPLAY, MQTT)


class EnergySourceDialog(QDialog):
    """Pick where the live chart reads from; OK only when the source can be built."""

    def __init__(self, choice: SourceChoice, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = embed_form(self, "energy/source_dialog")
        for kind in PAGES:
            self.ui.kindCombo.addItem(_(KINDS[kind]), kind)
        for key, name in SCENARIO_NAMES.items():
            self.ui.scenarioCombo.addItem(_(name), key)
        for key, name in PRESETS.items():
            self.ui.presetCombo.addItem(_(name), key)
        self.ui.kindCombo.currentIndexChanged.connect(self.ui.pages.setCurrentIndex)
        self.ui.browseButton.clicked.connect(self._on_browse_clicked)
        self.ui.caBrowseButton.clicked.connect(self._on_ca_browse_clicked)
        self.ui.tlsCheck.toggled.connect(self._on_tls_toggled)
        self.ui.buttons.button(QDialogButtonBox.StandardButton.Ok).clicked.connect(self.accept)
        self.ui.buttons.rejected.connect(self.reject)
        self._show(choice)

    def _show(self, c: SourceChoice) -> None:
        ui = self.ui
        ui.kindCombo.setCurrentIndex(max(0, ui.kindCombo.findData(c.kind)))
        ui.pages.setCurrentIndex(ui.kindCombo.currentIndex())
        ui.scenarioCombo.setCurrentIndex(max(0, ui.scenarioCombo.findData(c.scenario)))
        ui.simSpeedSpin.setValue(c.speed)
        ui.csvPathEdit.setText(c.csv_path)
        ui.replaySpeedSpin.setValue(int(min(60, max(1, c.speed))))
        ui.hostEdit.setText(c.mqtt_host)
        ui.portSpin.setValue(c.mqtt_port)
        ui.presetCombo.setCurrentIndex(max(0, ui.presetCombo.findData(c.mqtt_preset)))
        ui.topicEdit.setText(c.mqtt_topic)
        ui.labelEdit.setText(c.mqtt_label)
        ui.tlsCheck.setChecked(c.mqtt_tls)
        ui.caFileEdit.setText(c.mqtt_ca_file)
        ui.usernameEdit.setText(c.mqtt_username)
        ui.passwordEdit.setText(c.mqtt_password)
        self._on_tls_toggled(c.mqtt_tls)

    def choice(self) -> SourceChoice:
        """The choice as the form shows it now."""
        ui = self.ui
        kind = ui.kindCombo.currentData()
        return SourceChoice(
            kind=kind,
            scenario=ui.scenarioCombo.currentData(),
            speed=ui.replaySpeedSpin.value() if kind == CSV_REPLAY else ui.simSpeedSpin.value(),
            csv_path=ui.csvPathEdit.text().strip(),
            mqtt_host=ui.hostEdit.text().strip(),
            mqtt_port=ui.portSpin.value(),
            mqtt_preset=ui.presetCombo.currentData(),
            mqtt_topic=ui.topicEdit.text().strip(),
            mqtt_label=ui.labelEdit.text().strip(),
            mqtt_tls=ui.tlsCheck.isChecked(),
            mqtt_ca_file=ui.caFileEdit.text().strip() if ui.tlsCheck.isChecked() else "",
            mqtt_username=ui.usernameEdit.text().strip(),
            mqtt_password=ui.passwordEdit.text(),
        )

    def accept(self) -> None:
        """Close only if the source can be built; else say what is wrong."""
        try:
            build_source(self.choice())
        except ValidationError as exc:
            self.ui.errorLabel.setText(str(exc))
            self.ui.errorLabel.setVisible(True)
            return
        super().accept()

    def _on_tls_toggled(self, on: bool) -> None:
        ui = self.ui
        for widget in (ui.caFileLabel, ui.caFileEdit, ui.caBrowseButton):
            widget.setEnabled(on)
        port = ui.portSpin.value()  # follow the usual ports, keep a port the host chose
        if on and port == DEFAULT_PORT:
            ui.portSpin.setValue(DEFAULT_TLS_PORT)
        elif not on and port == DEFAULT_TLS_PORT:
            ui.portSpin.setValue(DEFAULT_PORT)

    def _on_ca_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            _("CA certificate of the broker"),
            "",
            _("Certificates (*.pem *.crt);;All files (*)"),
        )
        if path:
            self.ui.caFileEdit.setText(path)

    def _on_browse_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Recording to replay"), "", _("CSV files (*.csv);;All files (*)")
        )
        if path:
            self.ui.csvPathEdit.setText(path)
