"""The simulator: deterministic, realistic profiles, accelerated clock, bounded catch-up."""

from __future__ import annotations

from collections import defaultdict

import pytest

from mscd_desktop.core.energy import LiveBoard, SimulatorSource
from mscd_desktop.core.energy.simulator import MAX_STEPS_PER_POLL
from mscd_desktop.core.errors import ValidationError

NOON = 1_764_072_000.0  # 2025-11-25 12:00 UTC


def _by_channel(readings):
    out = defaultdict(list)
    for r in readings:
        out[r.channel].append(r)
    return out


def test_same_seed_gives_same_readings_however_it_is_polled():
    a = SimulatorSource(seed=7, start_time=NOON)
    b = SimulatorSource(seed=7, start_time=NOON)
    a.start()
    b.start()
    wall = a._wall0
    b._wall0 = wall
    one_go = a.poll(wall + 300)
    pieces = []
    for k in range(1, 31):
        pieces.extend(b.poll(wall + 10 * k))
    assert one_go == pieces
    c = SimulatorSource(seed=8, start_time=NOON)
    c.start()
    assert c.generate(301) != one_go


def test_kettle_draws_two_to_three_kilowatts_for_about_three_minutes():
    sim = SimulatorSource(["kettle"], seed=3, start_time=NOON, noise=0.0)
    sim.start()
    power = [r.power_w for r in sim.generate(600)]
    on = [p for p in power if p > 100]
    assert min(on) >= 2000 and max(on) <= 2800
    assert 150 <= len(on) <= 200  # one boil within the first ten minutes, 1 s steps


def test_renovated_home_uses_about_forty_percent_less_heating_energy():
    sim = SimulatorSource(["home_before", "home_after"], seed=1, start_time=NOON)
    sim.start()
    day = _by_channel(sim.generate(24 * 3600))
    before = day["home_before"][-1].energy_wh
    after = day["home_after"][-1].energy_wh
    assert 0.35 <= 1 - after / before <= 0.50
    assert all(
        b.energy_wh <= c.energy_wh
        for b, c in zip(day["home_before"], day["home_before"][1:], strict=False)
    )


def test_solar_produces_by_day_and_nothing_at_night():
    sim = SimulatorSource(["solar"], seed=1, start_time=NOON, step_s=60)
    sim.start()
    readings = sim.generate(24 * 3600)
    by_hour = defaultdict(list)
    for r in readings:
        by_hour[int((r.ts - NOON) // 3600)].append(r.power_w)
    assert max(by_hour[0]) > 1000  # noon (the test machine runs in UTC or near it)
    assert max(by_hour[12]) == 0.0  # midnight


def test_accelerated_clock_gives_sixty_simulated_seconds_per_second():
    sim = SimulatorSource(["fridge"], seed=1, speed=60, start_time=NOON)
    sim.start()
    wall = sim._wall0
    readings = sim.poll(wall + 10)
    assert len(readings) == 601
    assert readings[-1].ts - readings[0].ts == pytest.approx(600)


def test_long_pause_jumps_ahead_instead_of_replaying_hours():
    sim = SimulatorSource(["fridge"], seed=1, speed=60, start_time=NOON)
    sim.start()
    readings = sim.poll(sim._wall0 + 24 * 3600)
    assert len(readings) == MAX_STEPS_PER_POLL
    assert sim.poll(sim._wall0 + 24 * 3600) == []


def test_unknown_channel_is_refused_with_its_name():
    with pytest.raises(ValidationError, match="toaster"):
        SimulatorSource(["kettle", "toaster"])


def test_live_board_reads_watts_and_forgets_stale_values():
    sim = SimulatorSource(["fridge"], seed=1, start_time=NOON)
    sim.start()
    board = LiveBoard(max_age_s=60)
    board.update(sim.generate(30), now=1000.0)
    assert board.read_watts("fridge", now=1010.0) == board.latest("fridge").power_w
    assert board.read_watts("fridge", now=1100.0) is None
    assert board.read_watts("kettle", now=1010.0) is None


def test_kiosk_finds_a_channel_by_kind_through_the_board():
    sim = SimulatorSource(["fridge", "kettle"], seed=1, start_time=NOON)
    sim.start()
    board = LiveBoard()
    board.pump(sim, now=sim._wall0 + 30)
    kettle = board.channel_of_kind("kettle")
    assert kettle == "kettle" and board.channel_of_kind("solar") is None
    assert board.read_watts(kettle) == board.latest("kettle").power_w
