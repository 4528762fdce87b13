"""A session's figures per channel: energy, mean and peak power, cost, CO2 and step events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from mscd_desktop.core.energy.numbers import Tariff
from mscd_desktop.core.energy.sources import ChannelInfo, Reading
from mscd_desktop.core.energy.steps import StepDetector, describe_step

PRODUCING_KINDS = frozenset({"solar"})


@dataclass(frozen=True)
class ChannelSummary:
    """What one channel did during a session."""

    channel: str
    label: str
    readings: int
    first_ts: float
    last_ts: float
    energy_wh: float
    mean_w: float
    max_w: float
    cost_eur: float
    co2_g: float
    steps: tuple[str, ...]  # annotations of the finished step events
    produces: bool = False  # solar: the energy was produced, cost saved and CO2 avoided

    def as_dict(self) -> dict:
        """Plain data for ``--json``."""
        return {**self.__dict__, "steps": list(self.steps)}


def summarise(
    readings: Iterable[Reading],
    tariff: Tariff,
    channels: Iterable[ChannelInfo] = (),
    min_step_w: float = 300.0,
) -> list[ChannelSummary]:
    """Per-channel figures of *readings* (in time order), labelled from *channels*."""
    infos = list(channels)
    labels = {c.id: c.label for c in infos}
    producers = {c.id for c in infos if c.kind in PRODUCING_KINDS}
    by_channel: dict[str, list[Reading]] = defaultdict(list)
    for r in readings:
        by_channel[r.channel].append(r)
    out = []
    for channel, own in by_channel.items():
        label = labels.get(channel, channel)
        first, last = own[0], own[-1]
        if first.energy_wh is not None and last.energy_wh is not None:
            energy = max(0.0, last.energy_wh - first.energy_wh)
        else:
            energy = 0.0
        events = StepDetector(channel, min_step_w).feed(own)
        steps = tuple(describe_step(e, label, tariff) for e in events if e.kind == "off")
        out.append(
            ChannelSummary(
                channel,
                label,
                len(own),
                first.ts,
                last.ts,
                energy,
                sum(r.power_w for r in own) / len(own),
                max(r.power_w for r in own),
                tariff.cost_eur(energy),
                tariff.co2_g(energy),
                steps,
                channel in producers,
            )
        )
    return out
