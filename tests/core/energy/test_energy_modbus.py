"""ModbusSource against a real pymodbus TCP server on 127.0.0.1 acting as an SDM630."""

from __future__ import annotations

import math
import time

import pytest

pytest.importorskip("pymodbus")

from mscd_desktop.core.energy.modbus import ModbusMeter, ModbusSource
from mscd_desktop.core.errors import ValidationError


def _wait(predicate, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


@pytest.fixture
def source(meter):
    src = ModbusSource(
        [ModbusMeter("127.0.0.1", meter.port, label="Heat pump")],
        interval_s=0.1,
        timeout_s=0.5,
        stale_after_s=1.0,
    )
    src.start()
    yield src
    src.stop()


def test_sdm630_power_and_kwh_arrive_as_watts_and_watt_hours(meter, source):
    meter.power_w, meter.energy_kwh = 2130.5, 12.5
    reading = _wait(lambda: [r for r in source.poll() if r.power_w == 2130.5])[-1]
    assert reading.channel == "127.0.0.1:1" and reading.energy_wh == 12_500.0
    assert source.channels()[0].label == "Heat pump"
    assert not source.channel_status()[reading.channel].stale


def test_meter_reset_keeps_energy_rising_and_nan_is_skipped(meter, source):
    meter.power_w, meter.energy_kwh = 100.0, 5.0
    _wait(lambda: [r for r in source.poll() if r.energy_wh == 5000.0])
    meter.energy_kwh = 0.25  # the meter's counter was cleared
    reset = _wait(lambda: [r for r in source.poll() if r.energy_wh > 5000.0])[-1]
    assert reset.energy_wh == 5250.0
    meter.power_w = math.nan
    _wait(lambda: source.skipped > 0)
    assert "not a finite number" in source.problems()[-1][1]


def test_meter_that_vanishes_goes_stale_and_comes_back(meter, source):
    meter.power_w, meter.energy_kwh = 50.0, 1.0
    _wait(source.poll)
    channel = "127.0.0.1:1"
    meter.stop()
    _wait(lambda: source.channel_status()[channel].online is False)
    assert source.channel_status()[channel].stale
    meter.power_w = 75.0
    meter.serve()
    _wait(lambda: [r for r in source.poll() if r.power_w == 75.0])
    assert not source.channel_status()[channel].stale


def test_unknown_model_is_refused():
    with pytest.raises(ValidationError, match="Meter 1: unknown model 'sdm9000'"):
        ModbusSource([ModbusMeter("127.0.0.1", model="sdm9000")])
