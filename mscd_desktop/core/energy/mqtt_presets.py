"""What popular meters and smart plugs publish over MQTT, and how to read it.

Each preset knows the topics to subscribe to for one device and turns a message into
:class:`Update` objects in W and Wh. Parsing is pure (no network), so it is tested
directly; :mod:`mscd_desktop.core.energy.mqtt` feeds it from a broker.

* Shelly Gen1: ``shellies/<id>/relay/<n>/power`` (W), ``.../energy`` (watt-minutes),
  ``shellies/<id>/emeter/<n>/power`` and ``.../total`` (Wh), ``shellies/<id>/online``.
* Shelly Gen2+: ``<prefix>/status/switch:<n>`` JSON ``apower`` (W), ``aenergy.total`` (Wh),
  ``temperature.tC``; ``<prefix>/events/rpc`` NotifyStatus deltas; ``<prefix>/online``.
  Meters: ``em:<n>`` ``total_act_power`` with ``emdata:<n>`` ``total_act`` (Pro 3EM) and
  ``em1:<n>`` ``act_power`` with ``em1data:<n>`` ``total_act_energy`` (Pro EM), in W and Wh.
* Tasmota: ``tele/<topic>/SENSOR`` JSON ``ENERGY.Power`` (W) and ``ENERGY.Total`` (kWh),
  arrays on two-channel devices; ``tele/<topic>/LWT`` Online/Offline.
* OpenEnergyMonitor: ``emon/<node>/<key>``, one plain number per topic.
* Custom: any topic, the value at a JSON path (or the plain payload), with its unit.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from mscd_desktop.core.energy.problems import excerpt
from mscd_desktop.core.energy.units import check_number, to_w, to_wh
from mscd_desktop.core.errors import ValidationError
from mscd_desktop.i18n import N_, _


@dataclass(frozen=True)
class Update:
    """What one message says about one channel (None: not in this message)."""

    channel: str
    power_w: float | None = None
    energy_wh: float | None = None  # the device's own counter, in Wh (may reset)
    temperature_c: float | None = None
    online: bool | None = None


@dataclass(frozen=True)
class DeviceConfig:
    """One device on the broker, as the organiser sets it up.

    ``topic`` is the Shelly id or Gen2 prefix, the Tasmota topic, the emon node, or the
    full topic for ``custom`` (``+``/``#`` wildcards allowed).
    """

    preset: str
    topic: str
    channel: str = ""  # channel id; default: the topic
    label: str = ""
    kind: str = "meter"
    power_path: str = ""  # custom / emon: JSON path (custom) or key (emon) of the power
    energy_path: str = ""  # custom / emon: JSON path or key of the energy counter
    power_unit: str = "W"
    energy_unit: str = "Wh"
    allow_negative: bool = False  # grid meters that export: keep negative power
    stale_after_s: float | None = None  # default: the preset's

    @property
    def base(self) -> str:
        """The channel id of the device's first channel."""
        return self.channel or self.topic


PRESETS: dict[str, str] = {
    "shelly_gen1": N_("Shelly Gen1 (shellies/<id>/relay/0/power)"),
    "shelly_gen2": N_("Shelly Gen2+ (<prefix>/status/switch:0)"),
    "tasmota": N_("Tasmota (tele/<topic>/SENSOR)"),
    "emon": N_("OpenEnergyMonitor (emon/<node>/<key>)"),
    "custom": N_("Custom topic and JSON path"),
}

MAX_CHANNELS_PER_MESSAGE = 64
"""More values in one message than a device has channels: the message is refused."""

STALE_AFTER_S: dict[str, float] = {
    "shelly_gen1": 90.0,  # publishes every 30 s
    "shelly_gen2": 150.0,  # on change and every 60 s
    "tasmota": 660.0,  # TelePeriod 300 s by default; lower it for demos (TelePeriod 10)
    "emon": 60.0,  # every 10 s
    "custom": 120.0,
}


def channel_id(device: DeviceConfig, index: int) -> str:
    """The id of the device's channel number *index* (0 = the first)."""
    return device.base if index == 0 else f"{device.base}:{index + 1}"


def json_path(data: Any, path: str) -> Any:
    """The value at a dotted path with list indexes: ``ENERGY.Power[1]``, ``aenergy.total``."""
    if not path:
        return data
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            index = int(part[1:-1])
            if not isinstance(data, list) or index >= len(data):
                raise ValidationError(
                    _("No item {index} at '{path}'.").format(index=index, path=path), field=path
                )
            data = data[index]
        else:
            if not isinstance(data, dict) or part not in data:
                raise ValidationError(
                    _("No field '{field}' at '{path}'.").format(field=part, path=path), field=path
                )
            data = data[part]
    return data


def _json(payload: bytes) -> Any:
    try:
        return json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise ValidationError(
            _("The payload is not valid JSON: {text}.").format(text=excerpt(payload)),
            field="payload",
        ) from None


def _number(payload: bytes, what: str) -> float:
    text = payload.decode("utf-8", errors="replace").strip()
    return check_number(text, what)


def _flag(payload: bytes) -> bool:
    text = payload.decode("utf-8", errors="replace").strip().lower()
    if text in ("true", "online", "1"):
        return True
    if text in ("false", "offline", "0"):
        return False
    raise ValidationError(
        _("Not an online/offline value: {text}.").format(text=excerpt(text)), field="online"
    )


def _power(value: object) -> float:
    """A number of watts; whether it is plausible for the channel, the source decides."""
    return check_number(value, "power")


def _at_most(values: list[Any], what: str) -> list[Any]:
    """*values* unless there are more than a device has channels (a hostile message)."""
    if len(values) > MAX_CHANNELS_PER_MESSAGE:
        raise ValidationError(
            _("{what} holds {n} values; a device has at most {limit} channels.").format(
                what=what, n=len(values), limit=MAX_CHANNELS_PER_MESSAGE
            ),
            field=what,
        )
    return values


def subscriptions(device: DeviceConfig) -> list[str]:
    """The topic filters to subscribe to for *device*."""
    t = device.topic
    return {
        "shelly_gen1": [
            f"shellies/{t}/relay/+/power",
            f"shellies/{t}/relay/+/energy",
            f"shellies/{t}/emeter/+/power",
            f"shellies/{t}/emeter/+/total",
            f"shellies/{t}/online",
        ],
        "shelly_gen2": [f"{t}/status/+", f"{t}/events/rpc", f"{t}/online"],
        "tasmota": [f"tele/{t}/SENSOR", f"tele/{t}/LWT"],
        "emon": [f"emon/{t}/+"],
        "custom": [t],
    }[device.preset]


def parse(device: DeviceConfig, topic: str, payload: bytes) -> list[Update]:
    """What *payload* on *topic* says; raises ValidationError for a bad message."""
    parser = _PARSERS.get(device.preset)
    if parser is None:
        raise ValidationError(
            _("Unknown MQTT preset '{preset}'. Choose from: {known}.").format(
                preset=device.preset, known=", ".join(PRESETS)
            ),
            field="preset",
        )
    return parser(device, topic, payload)


def _shelly_gen1(device: DeviceConfig, topic: str, payload: bytes) -> list[Update]:
    parts = topic.split("/")
    if parts[-1] == "online":
        return [Update(device.base, online=_flag(payload))]
    if len(parts) < 5:
        return []
    kind, index, field = parts[-3], int(parts[-2]), parts[-1]
    channel = channel_id(device, index)
    if field == "power":
        return [Update(channel, power_w=_power(_number(payload, "power")))]
    if kind == "relay" and field == "energy":  # watt-minutes
        return [Update(channel, energy_wh=to_wh(_number(payload, "energy"), "Wmin"))]
    if kind == "emeter" and field == "total":  # Wh
        return [Update(channel, energy_wh=to_wh(_number(payload, "energy"), "Wh"))]
    return []


_GEN2_POWER = {"switch": "apower", "pm1": "apower", "em": "total_act_power", "em1": "act_power"}
_GEN2_ENERGY = {"emdata": "total_act", "em1data": "total_act_energy"}  # Wh


def _gen2_component(device: DeviceConfig, name: str, data: Any) -> Update | None:
    """One component's status: switch/pm1 (plugs, relays), em/emdata, em1/em1data (meters)."""
    match = re.fullmatch(r"([a-z0-9]+):(\d+)", name)
    if not match or not isinstance(data, dict):
        return None
    kind, channel = match.group(1), channel_id(device, int(match.group(2)))
    if kind in _GEN2_ENERGY and _GEN2_ENERGY[kind] in data:
        energy_wh = to_wh(check_number(data[_GEN2_ENERGY[kind]], _GEN2_ENERGY[kind]), "Wh")
        return Update(channel, energy_wh=energy_wh)
    if kind not in _GEN2_POWER:
        return None
    key = _GEN2_POWER[kind]
    power = _power(data[key]) if key in data else None
    energy = None
    if isinstance(data.get("aenergy"), dict) and "total" in data["aenergy"]:
        energy = to_wh(check_number(data["aenergy"]["total"], "aenergy.total"), "Wh")
    temp = (
        data.get("temperature", {}).get("tC") if isinstance(data.get("temperature"), dict) else None
    )
    temperature = check_number(temp, "temperature.tC") if temp is not None else None
    if power is None and energy is None:
        return None
    return Update(channel, power, energy, temperature)


def _shelly_gen2(device: DeviceConfig, topic: str, payload: bytes) -> list[Update]:
    last = topic.rsplit("/", 1)[-1]
    if topic.endswith("/online"):
        return [Update(device.base, online=_flag(payload))]
    data = _json(payload)
    if topic.endswith("/events/rpc"):
        if not isinstance(data, dict) or data.get("method") != "NotifyStatus":
            return []
        params = data.get("params")
        if not isinstance(params, dict):
            return []
        names = _at_most(list(params), "params")
        found = [_gen2_component(device, k, params[k]) for k in names]
        return [u for u in found if u is not None]
    update = _gen2_component(device, last, data)
    return [update] if update else []


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _tasmota(device: DeviceConfig, topic: str, payload: bytes) -> list[Update]:
    if topic.endswith("/LWT"):
        return [Update(device.base, online=_flag(payload))]
    data = _json(payload)
    energy = data.get("ENERGY") if isinstance(data, dict) else None
    if not isinstance(energy, dict) or "Power" not in energy:
        return []  # a SENSOR message of another sensor (temperature only, ...)
    powers = _at_most(_as_list(energy["Power"]), "ENERGY.Power")
    totals = _as_list(energy.get("Total")) if "Total" in energy else []
    if len(totals) != len(powers):
        totals = []  # one total for several channels cannot be split: integrate instead
    updates = []
    for index, value in enumerate(powers):
        total = to_wh(check_number(totals[index], "ENERGY.Total"), "kWh") if totals else None
        updates.append(Update(channel_id(device, index), _power(value), total))
    return updates


def _emon(device: DeviceConfig, topic: str, payload: bytes) -> list[Update]:
    key = topic.rsplit("/", 1)[-1]
    power_key = device.power_path or "power1"
    if key == power_key:
        watts = _power(to_w(_number(payload, key), device.power_unit))
        return [Update(device.base, power_w=watts)]
    if device.energy_path and key == device.energy_path:
        return [Update(device.base, energy_wh=to_wh(_number(payload, key), device.energy_unit))]
    return []


def _custom(device: DeviceConfig, topic: str, payload: bytes) -> list[Update]:
    text = payload.decode("utf-8", errors="replace").strip()
    data: Any = _json(payload) if text[:1] in ("{", "[") else text
    power = energy = None
    if device.power_path or not isinstance(data, (dict, list)):
        value = check_number(json_path(data, device.power_path), device.power_path or "power")
        power = _power(to_w(value, device.power_unit))
    if device.energy_path:
        value = check_number(json_path(data, device.energy_path), device.energy_path)
        energy = to_wh(value, device.energy_unit)
    if power is None and energy is None:
        return []
    return [Update(device.channel or topic, power, energy)]


_PARSERS = {
    "shelly_gen1": _shelly_gen1,
    "shelly_gen2": _shelly_gen2,
    "tasmota": _tasmota,
    "emon": _emon,
    "custom": _custom,
}
