"""Readings from Modbus TCP energy meters such as the Eastron SDM630 (pymodbus 3.16+).

A background thread reads each meter's input registers (function 4) every ``interval_s``:
total power in W and total import energy in kWh, both float32 big-endian. A meter that does
not answer is marked offline (stale) and retried on the next round; bad values are skipped
with a log entry. RS485 meters are reached through a Modbus TCP gateway.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mscd_desktop.core.energy.sources import BufferedSource, ChannelInfo, Reading
from mscd_desktop.core.energy.units import EnergyCounter, check_number
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.i18n import _

if TYPE_CHECKING:  # pymodbus is imported when a meter is read (start-up time)
    from pymodbus.client import ModbusTcpClient

log = logging.getLogger(__name__)

REGISTER_MAPS: dict[str, dict[str, int]] = {
    # Eastron register maps (input registers, float32): total system power, total kWh
    "sdm630": {"power_w": 0x0034, "energy_kwh": 0x0156},
    "sdm120": {"power_w": 0x000C, "energy_kwh": 0x0156},
}


@dataclass(frozen=True)
class ModbusMeter:
    """One meter: where it is and how to call its channel."""

    host: str
    port: int = 502
    device_id: int = 1
    model: str = "sdm630"
    channel: str = ""  # default: "<host>:<device_id>"
    label: str = ""
    kind: str = "meter"
    allow_negative: bool = False  # meters that see export (solar) report negative power

    @property
    def channel_id(self) -> str:
        """The channel this meter's readings carry."""
        return self.channel or f"{self.host}:{self.device_id}"


class ModbusSource(BufferedSource):
    """Polls Modbus TCP meters on a background thread."""

    name = "modbus"

    def __init__(
        self,
        meters: tuple[ModbusMeter, ...] | list[ModbusMeter],
        *,
        interval_s: float = 1.0,
        timeout_s: float = 1.0,
        stale_after_s: float = 10.0,
    ) -> None:
        super().__init__(stale_after_s=stale_after_s)
        if not meters:
            raise ValidationError(_("Add at least one Modbus meter."), field="meters")
        for index, meter in enumerate(meters):
            if meter.model not in REGISTER_MAPS:
                raise ValidationError(
                    _("Meter {n}: unknown model '{model}'. Choose from: {known}.").format(
                        n=index + 1, model=meter.model, known=", ".join(REGISTER_MAPS)
                    ),
                    field="model",
                )
            self._add_channel(
                ChannelInfo(meter.channel_id, meter.label or meter.channel_id, meter.kind)
            )
        self.meters = tuple(meters)
        self.interval_s, self.timeout_s = interval_s, timeout_s
        self._counters = {m.channel_id: EnergyCounter() for m in self.meters}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start polling in the background."""
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="modbus-meters", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling and close the connections."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
        self._thread = None
        self._problems.flush()

    def _run(self) -> None:
        from pymodbus.client import ModbusTcpClient

        clients = {
            m: ModbusTcpClient(m.host, port=m.port, timeout=self.timeout_s, retries=0)
            for m in self.meters
        }
        try:
            while not self._stop.is_set():
                started = time.monotonic()
                for meter, client in clients.items():
                    self._read_meter(meter, client)
                self._stop.wait(max(0.0, self.interval_s - (time.monotonic() - started)))
        finally:
            for client in clients.values():
                client.close()

    def _read_meter(self, meter: ModbusMeter, client: ModbusTcpClient) -> None:
        from pymodbus.exceptions import ModbusException

        channel = meter.channel_id
        try:
            if not client.connected and not client.connect():
                raise ConnectionError(_("no answer"))
            power, energy_kwh = self._registers(meter, client)
        except (ModbusException, OSError, ConnectionError) as exc:
            if self._online.get(channel) is not False:  # once per outage
                log.warning("Modbus meter %s:%s unreachable: %s", meter.host, meter.port, exc)
            self._set_online(channel, False)
            client.close()
            return
        self._set_online(channel, True)
        try:
            watts = check_number(power, "power")
            counter_wh = check_number(energy_kwh, "energy") * 1000
        except ValidationError as exc:
            self._skip(
                _("Meter {channel}: reading skipped: {error}").format(channel=channel, error=exc),
                f"{channel}/bad-value",
            )
            return
        checked_w, checked_wh = self._plausible(
            channel, meter.kind, watts, counter_wh, meter.allow_negative
        )
        counter = self._counters[channel]
        if checked_wh is not None:
            counter.update(checked_wh)
        if checked_w is not None:
            self._push([Reading(time.time(), channel, checked_w, counter.total_wh)])

    @staticmethod
    def _registers(meter: ModbusMeter, client: ModbusTcpClient) -> tuple[float, float]:
        from pymodbus.client import ModbusTcpClient
        from pymodbus.exceptions import ModbusException

        values = []
        for key in ("power_w", "energy_kwh"):
            response = client.read_input_registers(
                REGISTER_MAPS[meter.model][key], count=2, device_id=meter.device_id
            )
            if response.isError():
                raise ModbusException(str(response))
            value = ModbusTcpClient.convert_from_registers(
                response.registers, data_type=ModbusTcpClient.DATATYPE.FLOAT32
            )
            if not isinstance(value, float):  # FLOAT32 always gives one
                raise ModbusException(f"not a float32: {value!r}")
            values.append(value)
        return values[0], values[1]
