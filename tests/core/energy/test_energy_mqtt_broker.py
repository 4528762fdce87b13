"""MqttSource against a real Mosquitto broker, with real device payloads."""

from __future__ import annotations

import json
import time

import paho.mqtt.publish as publish
import pytest

from mscd_desktop.core.energy.mqtt import MqttConfig, MqttSource
from mscd_desktop.core.energy.mqtt_presets import DeviceConfig


def _wait(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def _publish(broker, messages):
    publish.multiple(
        [{"topic": t, "payload": p, "qos": 1} for t, p in messages],
        hostname="127.0.0.1",
        port=broker.port,
    )


@pytest.fixture
def source(broker):
    devices = (
        DeviceConfig("shelly_gen1", "shellyplug-s-6A6374", label="Kettle", kind="kettle"),
        DeviceConfig("shelly_gen2", "shellyplusplugs-e465b8", label="Fridge", kind="fridge"),
        DeviceConfig("tasmota", "tasmota_2CH", label="Washer"),
        DeviceConfig("emon", "emonpi", label="House"),
    )
    src = MqttSource(
        MqttConfig(port=broker.port, devices=devices, reconnect_max_s=1), stale_after_s=1.0
    )
    src.start()
    _wait(lambda: src.connected)
    yield src
    src.stop()


def test_real_device_payloads_arrive_as_watts_and_watt_hours(broker, source):
    gen2 = {
        "id": 0,
        "source": "timer",
        "output": True,
        "apower": 85.3,
        "voltage": 231.2,
        "current": 0.41,
        "aenergy": {"total": 1520.75, "by_minute": [0, 0, 0], "minute_ts": 1764072000},
        "temperature": {"tC": 38.2, "tF": 100.8},
    }
    tasmota = {
        "Time": "2026-11-25T15:00:00",
        "ENERGY": {
            "TotalStartTime": "2026-01-01T00:00:00",
            "Total": [1.234, 0.5],
            "Yesterday": [0, 0],
            "Today": [0.1, 0.0],
            "Power": [52, 5],
            "ApparentPower": [60, 9],
            "Voltage": 230,
            "Current": [0.26, 0.04],
            "Factor": [0.87, 0.55],
        },
    }
    _publish(
        broker,
        [
            ("shellies/shellyplug-s-6A6374/relay/0/energy", "6000"),  # watt-minutes
            ("shellies/shellyplug-s-6A6374/relay/0/power", "2130.5"),
            ("shellyplusplugs-e465b8/status/switch:0", json.dumps(gen2)),
            ("tele/tasmota_2CH/SENSOR", json.dumps(tasmota)),
            ("emon/emonpi/power1", "1170"),
        ],
    )
    readings = []
    _wait(lambda: readings.extend(source.poll()) or len(readings) >= 5)
    by = {r.channel: r for r in readings}
    assert by["shellyplug-s-6A6374"].power_w == 2130.5
    assert by["shellyplug-s-6A6374"].energy_wh == pytest.approx(100.0)
    assert by["shellyplusplugs-e465b8"].power_w == 85.3
    assert by["shellyplusplugs-e465b8"].energy_wh == 1520.75
    assert by["shellyplusplugs-e465b8"].temperature_c == 38.2
    assert (by["tasmota_2CH"].power_w, by["tasmota_2CH:2"].power_w) == (52, 5)
    assert by["tasmota_2CH"].energy_wh == pytest.approx(1234.0)
    assert by["tasmota_2CH:2"].energy_wh == pytest.approx(500.0)
    assert by["emonpi"].power_w == 1170
    labels = {c.id: c.label for c in source.channels()}
    assert labels["shellyplug-s-6A6374"] == "Kettle"
    assert labels["tasmota_2CH:2"] == "Washer 2"


def test_bad_payloads_are_skipped_and_good_ones_still_arrive(broker, source):
    _publish(
        broker,
        [
            ("shellies/shellyplug-s-6A6374/relay/0/power", "nan"),
            ("shellies/shellyplug-s-6A6374/relay/0/power", "-40"),
            ("shellyplusplugs-e465b8/status/switch:0", "{not json"),
            ("tele/tasmota_2CH/SENSOR", json.dumps({"ENERGY": {"Power": "lots"}})),
            ("emon/emonpi/power1", "\xff\xfe"),
            ("emon/emonpi/power1", "230"),
        ],
    )
    readings = _wait(lambda: source.poll())
    assert [(r.channel, r.power_w) for r in readings] == [("emonpi", 230.0)]
    _wait(lambda: source.skipped >= 5)
    texts = " ".join(text for _ts, text in source.problems())
    assert "negative" in texts and "not valid JSON" in texts and "finite" in texts


def test_lwt_offline_marks_the_device_stale(broker, source):
    _publish(
        broker,
        [
            ("tele/tasmota_2CH/SENSOR", json.dumps({"ENERGY": {"Power": 10}})),
            ("tele/tasmota_2CH/LWT", "Offline"),
        ],
    )
    _wait(lambda: source.channel_status()["tasmota_2CH"].online is False)
    status = source.channel_status()["tasmota_2CH"]
    assert status.stale and status.last_ts is not None
    _publish(
        broker,
        [
            ("tele/tasmota_2CH/LWT", "Online"),
            ("tele/tasmota_2CH/SENSOR", json.dumps({"ENERGY": {"Power": 11}})),
        ],
    )
    _wait(lambda: not source.channel_status()["tasmota_2CH"].stale)


def test_broker_that_vanishes_marks_channels_stale_and_reconnect_resumes(broker, source):
    _publish(broker, [("emon/emonpi/power1", "500")])
    _wait(lambda: source.poll())
    assert not source.channel_status()["emonpi"].stale
    broker.stop()
    _wait(lambda: not source.connected)
    assert source.channel_status()["emonpi"].stale
    broker.start()
    _wait(lambda: source.connected and source.connects >= 2, timeout=15)
    _publish(broker, [("emon/emonpi/power1", "640")])
    readings = _wait(lambda: source.poll())
    assert readings[-1].power_w == 640
    assert not source.channel_status()["emonpi"].stale
