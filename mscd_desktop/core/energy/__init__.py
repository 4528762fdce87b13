"""Live energy data: sources (simulator, CSV replay, MQTT), units, numbers, step events.

Every source yields :class:`Reading` objects (watts, cumulative Wh) through the small
:class:`EnergySource` interface; :func:`live_board` holds the latest value per channel
for readers such as the kiosk's live-meter questions.
"""

from mscd_desktop.core.energy.live import LiveBoard, live_board
from mscd_desktop.core.energy.simulator import SCENARIOS, SimulatorSource
from mscd_desktop.core.energy.sources import (
    ChannelInfo,
    ChannelStatus,
    EnergySource,
    Reading,
)

__all__ = [
    "SCENARIOS",
    "ChannelInfo",
    "ChannelStatus",
    "EnergySource",
    "LiveBoard",
    "Reading",
    "SimulatorSource",
    "live_board",
]
