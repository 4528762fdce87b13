"""The live screen's source choice builds the right source and is remembered."""

from __future__ import annotations

import pytest

from mscd_desktop.core.energy.csv_replay import CsvReplaySource
from mscd_desktop.core.energy.mqtt import MqttSource
from mscd_desktop.core.energy.simulator import SimulatorSource
from mscd_desktop.core.energy.source_choice import (
    CSV_REPLAY,
    MQTT,
    SourceChoice,
    build_source,
    load_choice,
    save_choice,
)
from mscd_desktop.core.errors import ValidationError


def test_the_default_is_the_simulated_home():
    source = build_source(SourceChoice())
    assert isinstance(source, SimulatorSource)
    assert "kettle" in [c.id for c in source.channels()]


def test_csv_replay_needs_an_existing_file(tmp_path):
    with pytest.raises(ValidationError) as err:
        build_source(SourceChoice(kind=CSV_REPLAY, csv_path=str(tmp_path / "nope.csv")))
    assert err.value.field == "csv_path"
    path = tmp_path / "rec.csv"
    path.write_text("timestamp,channel,power_w\n1,a,5\n2,a,6\n", encoding="utf-8")
    assert isinstance(
        build_source(SourceChoice(kind=CSV_REPLAY, csv_path=str(path))), CsvReplaySource
    )


def test_mqtt_choice_checks_the_port_and_builds_a_device():
    with pytest.raises(ValidationError) as err:
        build_source(SourceChoice(kind=MQTT, mqtt_topic="plug", mqtt_port=0))
    assert err.value.field == "port"
    source = build_source(SourceChoice(kind=MQTT, mqtt_topic="shellyplug-1", mqtt_label="Kettle"))
    assert isinstance(source, MqttSource)
    assert [c.label for c in source.channels()] == ["Kettle"]


def test_choice_is_remembered_in_the_store(store):
    assert load_choice(store) == SourceChoice()
    choice = SourceChoice(kind=MQTT, mqtt_topic="tasmota_1", mqtt_preset="tasmota", speed=2.0)
    save_choice(store, choice)
    assert load_choice(store) == choice
    assert "tasmota_1" in choice.describe()


def test_mqtt_choice_with_tls_and_a_login_is_built_and_remembered(store, tmp_path):
    missing = SourceChoice(kind=MQTT, mqtt_topic="p", mqtt_tls=True, mqtt_ca_file="/nope.pem")
    with pytest.raises(ValidationError) as err:
        build_source(missing)
    assert err.value.field == "ca_file"
    choice = SourceChoice(
        kind=MQTT,
        mqtt_host="broker.example.org",
        mqtt_port=8883,
        mqtt_topic="shellyplug-1",
        mqtt_tls=True,
        mqtt_username="demo",
        mqtt_password="s3cret!",
    )
    source = build_source(choice)
    assert (source.config.tls, source.config.ca_file, source.config.username) == (True, "", "demo")
    assert source.config.password == "s3cret!"
    save_choice(store, choice)
    assert load_choice(store) == choice
    assert "s3cret" not in repr(choice) and "s3cret" not in choice.describe()
    assert choice.describe().endswith("(TLS)")
