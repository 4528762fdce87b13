"""Unit conversion, counter resets, and parsing of each MQTT preset without a broker."""

from __future__ import annotations

import json

import pytest

from mscd_desktop.core.energy.mqtt import MqttConfig, MqttSource
from mscd_desktop.core.energy.mqtt_presets import DeviceConfig, json_path, parse
from mscd_desktop.core.energy.units import (
    EnergyCounter,
    PowerIntegrator,
    check_power,
    to_w,
    to_wh,
)
from mscd_desktop.core.errors import ValidationError


def test_units_convert_to_watts_and_watt_hours():
    assert to_wh(60_000, "Wmin") == pytest.approx(1000.0)  # Shelly Gen1
    assert to_wh(1.5, "kWh") == 1500.0  # Tasmota
    assert to_wh(3600, "Ws") == pytest.approx(1.0)
    assert to_w(2.1, "kW") == pytest.approx(2100.0)
    with pytest.raises(ValidationError, match="furlong"):
        to_wh(1, "furlong")


@pytest.mark.parametrize("bad", ["nan", float("inf"), -5, "abc", None, True, 5e9])
def test_implausible_power_is_refused(bad):
    with pytest.raises(ValidationError):
        check_power(bad)


def test_counter_keeps_rising_across_a_device_reboot():
    counter = EnergyCounter()
    totals = [counter.update(v) for v in (100.0, 150.0, 149.9, 3.0, 10.0)]
    assert totals == [100.0, 150.0, 150.0, 153.0, 160.0]
    assert counter.resets == 1


def test_integrator_adds_trapezoids_and_ignores_long_silences():
    integ = PowerIntegrator(max_gap_s=60)
    integ.update(0, 1000)
    assert integ.update(36, 1000) == pytest.approx(10.0)
    assert integ.update(1000, 1000) == pytest.approx(10.0)  # gap: nothing added


def test_json_path_reads_nested_fields_and_list_items():
    data = {"ENERGY": {"Power": [52, 5]}, "a": {"b": 1}}
    assert json_path(data, "ENERGY.Power[1]") == 5
    assert json_path(data, "a.b") == 1
    with pytest.raises(ValidationError, match="Voltage"):
        json_path(data, "ENERGY.Voltage")


def test_shelly_gen2_notify_status_delta_is_read():
    dev = DeviceConfig("shelly_gen2", "plug")
    msg = {
        "src": "plug",
        "method": "NotifyStatus",
        "params": {"ts": 1.0, "switch:0": {"id": 0, "apower": 12.5}},
    }
    [update] = parse(dev, "plug/events/rpc", json.dumps(msg).encode())
    assert (update.channel, update.power_w, update.energy_wh) == ("plug", 12.5, None)


def test_tasmota_single_total_for_two_channels_is_integrated_instead():
    dev = DeviceConfig("tasmota", "t")
    msg = {"ENERGY": {"Total": 3.2, "Power": [100, 200]}}
    updates = parse(dev, "tele/t/SENSOR", json.dumps(msg).encode())
    assert [(u.channel, u.power_w, u.energy_wh) for u in updates] == [
        ("t", 100, None),
        ("t:2", 200, None),
    ]


def test_custom_mapping_reads_a_json_path_in_kilowatts():
    dev = DeviceConfig(
        "custom",
        "site/+/meter",
        power_path="data.p",
        power_unit="kW",
        energy_path="data.e",
        energy_unit="kWh",
    )
    [update] = parse(dev, "site/a/meter", b'{"data": {"p": 1.2, "e": 10}}')
    assert (update.channel, update.power_w, update.energy_wh) == ("site/a/meter", 1200, 10000)


def _source(clock):
    devices = (DeviceConfig("shelly_gen1", "s1", stale_after_s=30),)
    src = MqttSource(MqttConfig(devices=devices), clock=clock)
    src.connected = True  # no broker needed: messages are fed directly
    return src


def test_gen1_energy_in_watt_minutes_survives_reboot_and_arrives_with_power():
    now = [1000.0]
    src = _source(lambda: now[0])
    src.handle_message("shellies/s1/relay/0/energy", b"600")
    src.handle_message("shellies/s1/relay/0/power", b"100")
    src.handle_message("shellies/s1/relay/0/energy", b"60")  # rebooted: counter from 0
    src.handle_message("shellies/s1/relay/0/power", b"100")
    first, second = src.poll()
    assert first.energy_wh == pytest.approx(10.0)
    assert second.energy_wh == pytest.approx(11.0)


def test_meter_that_stops_sending_becomes_stale():
    now = [1000.0]
    src = _source(lambda: now[0])
    src.handle_message("shellies/s1/relay/0/power", b"100")
    assert not src.channel_status(now=1010.0)["s1"].stale
    assert src.channel_status(now=1031.0)["s1"].stale
    assert src.channel_status(now=1031.0)["s1"].last_ts == 1000.0


def test_unpolled_buffer_stays_bounded():
    src = MqttSource(MqttConfig(devices=(DeviceConfig("emon", "n"),)), buffer_size=50)
    for k in range(200):
        src.handle_message("emon/n/power1", str(k).encode())
    readings = src.poll()
    assert len(readings) == 50 and readings[-1].power_w == 199 and src.dropped == 150


def test_config_without_devices_or_with_unknown_preset_is_refused():
    with pytest.raises(ValidationError, match="at least one"):
        MqttSource(MqttConfig())
    with pytest.raises(ValidationError, match="Device 1: unknown preset 'zigbee'"):
        MqttSource(MqttConfig(devices=(DeviceConfig("zigbee", "x"),)))


def test_gen1_offline_flag_marks_stale_until_the_device_sends_again():
    now = [1000.0]
    src = _source(lambda: now[0])
    src.handle_message("shellies/s1/relay/0/power", b"100")
    src.handle_message("shellies/s1/online", b"false")
    status = src.channel_status(now=1001.0)["s1"]
    assert status.stale and status.online is False
    src.handle_message("shellies/s1/relay/0/power", b"90")
    status = src.channel_status(now=1001.0)["s1"]
    assert not status.stale and status.online is True


def test_garbage_topic_and_payload_never_raise():
    src = _source(lambda: 1000.0)
    for topic, payload in [
        ("shellies/s1/relay/x/power", b"1"),
        ("shellies/s1/relay/0/power", b"\x00\xff"),
        ("shellies/s1/online", b"maybe"),
        ("shellies/s1/relay/0/energy", b"1e400"),
    ]:
        assert src.handle_message(topic, payload) == []
    assert src.skipped == 4 and src.poll() == []


def test_shelly_pro_3em_power_and_energy_components_are_read():
    dev = DeviceConfig("shelly_gen2", "pro3em", allow_negative=True)
    [power] = parse(
        dev,
        "pro3em/status/em:0",
        json.dumps({"id": 0, "a_act_power": 100, "total_act_power": -350.5}).encode(),
    )
    [energy] = parse(
        dev, "pro3em/status/emdata:0", json.dumps({"id": 0, "total_act": 123456.7}).encode()
    )
    assert (power.channel, power.power_w, power.energy_wh) == ("pro3em", -350.5, None)
    assert (energy.channel, energy.power_w, energy.energy_wh) == ("pro3em", None, 123456.7)
    assert parse(dev, "pro3em/status/sys", b'{"uptime": 5}') == []


def test_wildcard_flood_of_topics_stops_at_the_channel_limit():
    from mscd_desktop.core.energy.mqtt import MAX_CHANNELS

    src = MqttSource(MqttConfig(devices=(DeviceConfig("custom", "flood/#"),)))
    for k in range(MAX_CHANNELS + 10):
        src.handle_message(f"flood/{k}", b"5")
    assert len(src.channels()) == MAX_CHANNELS and src.skipped == 10
