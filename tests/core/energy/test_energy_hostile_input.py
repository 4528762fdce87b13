"""Hostile live-energy input (issue 9): huge payloads, floods of problems, infinite counters."""

from __future__ import annotations

import json
import logging
import math
import tracemalloc

import pytest

from mscd_desktop.cli.common import to_json
from mscd_desktop.core.energy.csv_replay import load_recording
from mscd_desktop.core.energy.mqtt import MqttConfig, MqttSource
from mscd_desktop.core.energy.mqtt_presets import DeviceConfig
from mscd_desktop.core.energy.plausible import check_counter_for, check_power_for
from mscd_desktop.core.energy.problems import ProblemLog, excerpt
from mscd_desktop.core.energy.units import check_number
from mscd_desktop.core.errors import MscdError, ValidationError

MB = 1024 * 1024


def _source(*devices: DeviceConfig) -> MqttSource:
    return MqttSource(MqttConfig(devices=devices), clock=lambda: 1_000.0)


def test_huge_skipped_payloads_keep_only_a_short_excerpt():
    source = _source(DeviceConfig("emon", "n"), DeviceConfig("custom", "raw/power"))
    payload = b"x" * (20 * MB)
    tracemalloc.start()
    try:
        before, _peak = tracemalloc.get_traced_memory()
        for _k in range(20):
            source.handle_message("emon/n/power1", payload)
            source.handle_message("raw/power", payload)
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert source.skipped == 40
    assert after - before < MB  # 40 x 20 MB went through; less than 1 MB stayed
    assert peak - before < 2 * MB  # and none was copied on the way
    texts = [text for _ts, text in source.problems()]
    assert all(len(text) < 400 for text in texts)
    assert "20,971,520 bytes" in texts[0]


def test_a_payload_just_below_the_limit_is_still_read():
    source = _source(DeviceConfig("custom", "raw/power"))
    padded = b" " * (source.config.max_message_bytes - 4) + b"1500"
    [reading] = source.handle_message("raw/power", padded)
    assert reading.power_w == 1500.0


def test_a_bad_value_is_quoted_as_an_excerpt_with_its_size():
    with pytest.raises(ValidationError) as caught:
        check_number("9" * 5 + "x" * 100_000, "power")
    assert len(str(caught.value)) < 200 and "100005 characters" in str(caught.value)
    assert excerpt(list(range(100_000))).startswith("[0, 1, 2")
    assert len(excerpt({"a": "b" * 10_000})) < 100


def test_one_message_with_100000_values_gives_one_log_line(caplog):
    source = _source(DeviceConfig("tasmota", "wide"))
    message = json.dumps({"ENERGY": {"Power": list(range(100_000))}}).encode()
    source.config = MqttConfig(devices=source.config.devices, max_message_bytes=MB)
    with caplog.at_level(logging.WARNING, logger="mscd_desktop"):
        assert source.handle_message("tele/wide/SENSOR", message) == []
    assert len(caplog.records) == 1
    assert "100000 values" in caplog.records[0].getMessage()
    assert source.channels() == [source.channels()[0]]  # no channel was made of it


def test_a_wildcard_flood_of_channels_logs_once_per_minute_with_a_count(caplog):
    from mscd_desktop.core.energy.mqtt import MAX_CHANNELS

    source = _source(DeviceConfig("custom", "flood/#"))
    with caplog.at_level(logging.WARNING, logger="mscd_desktop"):
        for k in range(MAX_CHANNELS + 5_000):
            source.handle_message(f"flood/{k}", b"5")
        source.stop()  # says how many were not logged
    lines = [r.getMessage() for r in caplog.records]
    assert source.skipped == 5_000
    assert len(lines) == 2
    assert "4999 more problems like this one were not logged" in lines[1]


def test_problem_log_writes_one_line_per_key_and_interval_and_counts_the_rest(caplog):
    now = [0.0]
    problems = ProblemLog(logging.getLogger("mscd_desktop.test"), "src", clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="mscd_desktop"):
        for _k in range(1_000):
            problems.report("kettle/power", "Power is negative.")
        problems.report("fridge/power", "Power is negative.")
        now[0] = 61.0
        problems.report("kettle/power", "Power is negative.")
    lines = [r.getMessage() for r in caplog.records]
    assert lines == [
        "src: Power is negative.",
        "src: Power is negative.",
        "src: Power is negative. (999 more like it in the last 60 s were not logged)",
    ]
    assert problems.count == 1_002 and len(problems.recent()) == 100


def test_problem_log_keeps_few_keys_however_many_topics_come():
    problems = ProblemLog(logging.getLogger("mscd_desktop.test"), "src")
    for k in range(10_000):
        problems.report(f"topic-{k}", "bad")
    assert problems.logged <= 257


@pytest.mark.parametrize(
    ("kind", "watts", "plausible"),
    [
        ("kettle", 2_400.0, True),
        ("kettle", 40_000.0, False),
        ("home", 40_000.0, True),
        ("home", 400_000.0, False),
        ("heat_pump", 9_000.0, True),
        ("solar", 900_000.0, True),
        ("meter", 2e6, False),
        ("fridge", math.inf, False),
        ("fridge", -5.0, False),
    ],
)
def test_power_is_bounded_by_the_kind_of_channel(kind, watts, plausible):
    if plausible:
        assert check_power_for(kind, watts) == watts
    else:
        with pytest.raises(ValidationError):
            check_power_for(kind, watts)


def test_negative_power_is_kept_only_where_the_device_feeds_in():
    assert check_power_for("home", -3_000.0, allow_negative=True) == -3_000.0
    with pytest.raises(ValidationError, match="negative"):
        check_power_for("home", -3_000.0)


def test_counters_beyond_what_a_device_can_count_are_refused():
    assert check_counter_for("kettle", 1.2e6) == 1.2e6  # 1,200 kWh: a well-used kettle
    for bad in (1e308, math.inf, -math.inf, math.nan, -1.0):
        with pytest.raises(ValidationError):
            check_counter_for("kettle", bad)


def test_infinite_and_implausible_mqtt_values_are_dropped_and_counted():
    source = _source(
        DeviceConfig("tasmota", "plug", label="Kettle", kind="kettle"),
        DeviceConfig("emon", "house", kind="home"),
    )
    huge = json.dumps({"ENERGY": {"Power": 5, "Total": 1e308}}).encode()  # kWh: inf Wh
    for _k in range(3):
        source.handle_message("tele/plug/SENSOR", huge)
    source.handle_message("tele/plug/SENSOR", b'{"ENERGY": {"Power": 40000, "Total": 1.5}}')
    source.handle_message("emon/house/power1", b"40000")
    source.handle_message("emon/house/power1", b"-1e308")
    readings = source.poll()
    assert all(math.isfinite(r.power_w) and math.isfinite(r.energy_wh) for r in readings)
    assert [(r.channel, r.power_w) for r in readings] == [
        ("plug", 5.0),
        ("plug", 5.0),
        ("plug", 5.0),
        ("house", 40000.0),
    ]
    dropped = {(d.channel, d.quantity, d.reason): d.count for d in source.implausible()}
    assert dropped == {
        ("plug", "energy", "not_finite"): 3,
        ("plug", "power", "too_high"): 1,
        ("house", "power", "negative"): 1,
    }
    texts = [d.describe() for d in source.implausible()]
    assert "plug: 3 energy counter values dropped (not a finite number)" in texts


def test_counter_resets_at_the_limit_never_reach_infinity():
    source = _source(DeviceConfig("shelly_gen1", "s1", kind="home"))
    for value in ("1.5e308", "0", "1.5e308", "0", "50"):  # Wh, each drop a "reset"
        source.handle_message("shellies/s1/emeter/0/total", value.encode())
        source.handle_message("shellies/s1/emeter/0/power", b"100")
    energies = [r.energy_wh for r in source.poll()]
    assert len(energies) == 5 and all(math.isfinite(e) for e in energies)
    assert energies[-1] == 50.0
    [dropped] = source.implausible()
    assert (dropped.quantity, dropped.reason, dropped.count) == ("energy", "too_high", 2)


def test_json_output_refuses_non_finite_numbers_with_a_sentence():
    assert json.loads(to_json({"w": 1.5})) == {"w": 1.5}
    with pytest.raises(MscdError, match="not a finite number"):
        to_json({"readings": [{"energy_wh": math.inf}]})


def test_a_recording_with_an_impossible_counter_or_time_names_the_lines(tmp_path):
    path = tmp_path / "rec.csv"
    path.write_text(
        "timestamp,channel,power_w,energy_wh\n100,a,5,1\n101,a,5,1e308\n1e308,a,5,2\n102,a,5,3\n"
    )
    recording = load_recording(path)
    assert len(recording) == 2
    assert recording.problems[0].startswith("line 3:") and "Energy counter" in recording.problems[0]
    assert recording.problems[1].startswith("line 4:") and "not a time" in recording.problems[1]
    assert all(math.isfinite(e) for e in recording.energy)
