"""Which energy source the live screen reads, as the host picked it, and building it.

The screen's source picker and its settings dialog fill a :class:`SourceChoice`;
:func:`build_source` turns it into an :class:`EnergySource` (raising ValidationError
naming the field when something is wrong); the choice is remembered in the store.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from mscd_desktop.core.energy.simulator import SCENARIOS, SimulatorSource
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.i18n import N_, _

if TYPE_CHECKING:
    from mscd_desktop.core.energy.sources import EnergySource
    from mscd_desktop.core.store import Store

SIMULATOR, CSV_REPLAY, MQTT = "simulator", "csv", "mqtt"
KINDS: dict[str, str] = {
    SIMULATOR: N_("Simulator"),
    CSV_REPLAY: N_("CSV replay"),
    MQTT: N_("MQTT (smart plug or meter)"),
}
SCENARIO_NAMES: dict[str, str] = {
    "all": N_("Everything"),
    "home": N_("A home with five appliances"),
    "appliances": N_("Kitchen appliances"),
    "renovation": N_("Before and after renovation"),
}
SETTINGS_KEY = "energy_source"


@dataclass(frozen=True)
class SourceChoice:
    """The source and its settings; only the fields of ``kind`` matter."""

    kind: str = SIMULATOR
    scenario: str = "home"
    speed: float = 1.0  # simulator clock or replay speed
    csv_path: str = ""
    mqtt_host: str = "127.0.0.1"
    mqtt_port: int = 1883
    mqtt_preset: str = "shelly_gen2"
    mqtt_topic: str = ""
    mqtt_label: str = ""
    mqtt_tls: bool = False
    mqtt_ca_file: str = ""  # empty: the system's CAs
    mqtt_username: str = ""
    # Kept in the data folder's database with the rest of the choice (a venue broker's
    # demo account, not a personal secret); never shown, logged or put in describe().
    mqtt_password: str = field(default="", repr=False)

    def describe(self) -> str:
        """One line for the screen: "Simulator: A home ..." / "MQTT: host:port"."""
        if self.kind == CSV_REPLAY:
            return _("CSV replay: {name} at {speed}x").format(
                name=Path(self.csv_path).name, speed=current_formats().decimal(self.speed, 2)
            )
        if self.kind == MQTT:
            text = _("MQTT: {topic} on {host}:{port}").format(
                topic=self.mqtt_topic, host=self.mqtt_host, port=self.mqtt_port
            )
            return text + (" " + _("(TLS)") if self.mqtt_tls else "")
        return _("Simulator: {scenario}").format(
            scenario=_(SCENARIO_NAMES.get(self.scenario, self.scenario))
        )


def build_source(choice: SourceChoice) -> EnergySource:
    """The source *choice* describes (not started yet)."""
    if choice.kind == SIMULATOR:
        if choice.scenario not in SCENARIOS:
            raise ValidationError(
                _("Unknown simulator scenario '{name}'.").format(name=choice.scenario),
                field="scenario",
            )
        return SimulatorSource(SCENARIOS[choice.scenario], speed=choice.speed)
    if choice.kind == CSV_REPLAY:
        from mscd_desktop.core.energy.csv_replay import CsvReplaySource

        if not choice.csv_path.strip():
            raise ValidationError(_("Choose the CSV file to replay."), field="csv_path")
        if not Path(choice.csv_path).is_file():
            raise ValidationError(
                _("The file {path} does not exist.").format(path=choice.csv_path),
                field="csv_path",
            )
        return CsvReplaySource(Path(choice.csv_path), speed=choice.speed)
    if choice.kind == MQTT:
        from mscd_desktop.core.energy.mqtt import MqttConfig, MqttSource
        from mscd_desktop.core.energy.mqtt_presets import DeviceConfig

        if not choice.mqtt_host.strip():
            raise ValidationError(_("Enter the broker's host name or address."), field="host")
        if not 1 <= choice.mqtt_port <= 65535:
            raise ValidationError(_("The port must be between 1 and 65535."), field="port")
        device = DeviceConfig(
            choice.mqtt_preset, choice.mqtt_topic.strip(), label=choice.mqtt_label.strip()
        )
        config = MqttConfig(
            choice.mqtt_host.strip(),
            choice.mqtt_port,
            (device,),
            username=choice.mqtt_username.strip(),
            password=choice.mqtt_password,
            tls=choice.mqtt_tls,
            ca_file=choice.mqtt_ca_file.strip() if choice.mqtt_tls else "",
        )
        return MqttSource(config)
    raise ValidationError(_("Unknown kind of source '{kind}'.").format(kind=choice.kind), "kind")


def save_choice(store: Store, choice: SourceChoice) -> None:
    """Remember *choice* for the next start."""
    store.set_state(SETTINGS_KEY, json.dumps(asdict(choice)))


def load_choice(store: Store) -> SourceChoice:
    """The remembered choice, or the simulator (unknown keys in old data are ignored)."""
    raw = store.get_state(SETTINGS_KEY)
    if not raw:
        return SourceChoice()
    try:
        data = json.loads(raw)
    except ValueError:
        return SourceChoice()
    known = {f.name for f in fields(SourceChoice)}
    return replace(SourceChoice(), **{k: v for k, v in data.items() if k in known})
