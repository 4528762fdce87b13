"""Sample energy data for the demo event: two simulated hours of the morning, in minutes."""

from __future__ import annotations

from datetime import datetime

from mscd_desktop.core.energy.energy_minutes import EnergyRecorder
from mscd_desktop.core.energy.numbers import SETTINGS_KEY, Tariff, save_tariff
from mscd_desktop.core.energy.simulator import SCENARIOS, SimulatorSource
from mscd_desktop.core.events import Event
from mscd_desktop.core.store import Store


def add_demo_energy(store: Store, event: Event) -> None:
    """Record 09:00–11:00 of the simulated home for *event* (idempotent: same seed)."""
    start = datetime.fromisoformat(f"{event.date}T09:00:00").timestamp()
    sim = SimulatorSource(SCENARIOS["all"], seed=2026, start_time=start)
    sim.start()
    recorder = EnergyRecorder(store, event.id)
    recorder.record(sim.generate(2 * 3600))
    recorder.close()
    if store.get_state(SETTINGS_KEY) is None:  # the demo is in Valladolid
        save_tariff(store, Tariff.for_country("ES", 0.20))
