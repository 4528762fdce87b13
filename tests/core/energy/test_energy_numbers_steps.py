"""CO2/cost numbers, step event detection and before/after comparison."""

from __future__ import annotations

import pytest

from mscd_desktop.core.energy import SimulatorSource
from mscd_desktop.core.energy.numbers import (
    CO2_FACTORS,
    Tariff,
    co2_factor,
    live_numbers,
    load_tariff,
    save_tariff,
)
from mscd_desktop.core.energy.sources import Reading
from mscd_desktop.core.energy.steps import (
    StepDetector,
    compare_runs,
    describe_step,
    detect_steps,
)
from mscd_desktop.core.errors import ValidationError

NOON = 1_764_072_000.0


def _series(levels, channel="k", t0=0.0):
    """Readings at 1 Hz from [(seconds, watts), ...]."""
    out, t = [], t0
    for seconds, watts in levels:
        for _i in range(seconds):
            out.append(Reading(t, channel, watts))
            t += 1.0
    return out


def test_every_co2_factor_names_its_year_and_source_and_sweden_is_cleanest():
    for factor in CO2_FACTORS.values():
        assert 2015 <= factor.year <= 2026 and factor.source and 0 < factor.g_per_kwh < 1200
    # one dataset and one year for every row, so that countries compare fairly
    assert len({(f.source, f.year) for f in CO2_FACTORS.values()}) == 1
    assert "lifecycle" in co2_factor("EU27").source and "generated" in co2_factor("EU27").source
    order = ["SE", "FR", "AT", "DK", "ES", "GB", "EU27", "NL", "IT", "DE", "TR", "PL"]
    assert sorted(CO2_FACTORS, key=lambda c: CO2_FACTORS[c].g_per_kwh) == order
    assert co2_factor("se").g_per_kwh < co2_factor("ES").g_per_kwh < co2_factor("DE").g_per_kwh
    with pytest.raises(ValidationError, match="'XX'"):
        co2_factor("XX")


def test_live_numbers_give_cost_per_hour_per_year_and_co2_per_hour():
    tariff = Tariff.for_country("DE", price_eur_per_kwh=0.40)
    first = Reading(0.0, "k", 0.0, 1000.0)
    latest = Reading(60.0, "k", 2000.0, 1500.0)
    n = live_numbers(first, latest, tariff)
    assert n.kwh_since_start == pytest.approx(0.5)
    assert n.eur_per_hour == pytest.approx(0.80)
    assert n.eur_per_year_always_on == pytest.approx(2 * 8760 * 0.40)
    assert n.g_co2_per_hour == pytest.approx(762.0)
    assert tariff.source_text().startswith("Germany 2023: 381 g CO2/kWh (Ember, ")


def test_organiser_can_enter_own_factor_and_bad_values_are_refused():
    own = Tariff.for_country("SE", 0.1, g_per_kwh=41.0)
    assert own.co2_g(1000) == 41.0 and own.co2.source == "entered by the organiser"
    with pytest.raises(ValidationError):
        Tariff.for_country("SE", -1)
    with pytest.raises(ValidationError):
        Tariff.for_country("SE", 0.1, g_per_kwh=5000)


def test_tariff_is_remembered_in_the_store(store):
    assert load_tariff(store).co2.code == "EU27"
    save_tariff(store, Tariff.for_country("ES", 0.18))
    again = load_tariff(store)
    assert (again.co2.code, again.price_eur_per_kwh, again.co2.year) == ("ES", 0.18, 2023)


def test_kettle_step_is_detected_with_its_energy_cost_and_co2():
    readings = _series([(10, 100.0), (120, 2200.0), (30, 100.0)])
    on, off = detect_steps(readings, "k")
    assert (on.kind, on.start_ts, on.step_w) == ("on", 10.0, 2100.0)
    assert (off.kind, off.duration_s, off.step_w) == ("off", 120.0, pytest.approx(2100.0))
    assert off.energy_wh == pytest.approx(70.0)
    tariff = Tariff.for_country("ES", 0.20)
    assert describe_step(on, "Kettle", tariff) == "Kettle on: 2.1 kW"
    assert describe_step(off, "Kettle", tariff) == "Kettle: 2.1 kW, 0.07 kWh, EUR 0.01, 12 g CO2"


def test_short_spikes_and_small_changes_are_not_steps():
    readings = _series([(10, 50.0), (2, 3000.0), (20, 50.0), (30, 250.0), (10, 50.0)])
    assert StepDetector("k", confirm_s=3.0).feed(readings) == []


def test_steps_are_found_in_the_simulated_kettle_and_fed_in_pieces():
    sim = SimulatorSource(["kettle", "fridge"], seed=5, start_time=NOON)
    sim.start()
    readings = sim.generate(3 * 3600)
    detector = StepDetector("kettle")
    events = []
    for k in range(0, len(readings), 97):
        events.extend(detector.feed(readings[k : k + 97]))
    offs = [e for e in events if e.kind == "off"]
    assert len(offs) >= 4 and len(events) == 2 * len(offs)
    for e in offs:
        assert 2000 <= e.step_w <= 2800 and 150 <= e.duration_s <= 201
        assert e.energy_wh == pytest.approx(e.step_w * e.duration_s / 3600, rel=0.03)


def test_before_after_runs_align_at_start_and_show_the_renovation_saving():
    before_sim = SimulatorSource(["home_before"], seed=1, start_time=NOON)
    after_sim = SimulatorSource(["home_after"], seed=2, start_time=NOON + 86_400 * 3)
    before_sim.start()
    after_sim.start()
    cmp = compare_runs(before_sim.generate(6 * 3600), after_sim.generate(7 * 3600))
    assert cmp.duration_s == pytest.approx(6 * 3600 - 1)
    assert cmp.before.offsets_s[0] == cmp.after.offsets_s[0] == 0.0
    assert cmp.after.offsets_s[-1] == pytest.approx(cmp.duration_s)
    assert 30 <= cmp.saving_pct <= 50
    assert len(cmp.before.cycles_wh) >= 10 and len(cmp.after.cycles_wh) >= 10
    assert cmp.after.mean_cycle_wh < 0.75 * cmp.before.mean_cycle_wh
