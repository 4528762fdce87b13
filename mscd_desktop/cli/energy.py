"""``mscd energy ...``: simulate, check recordings, listen to a broker, choose the tariff."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import click

from mscd_desktop.cli.common import common_options, emit, event_option, open_store
from mscd_desktop.core.energy.csv_replay import load_recording
from mscd_desktop.core.energy.energy_minutes import EnergyRecorder
from mscd_desktop.core.energy.modbus import REGISTER_MAPS, ModbusMeter, ModbusSource
from mscd_desktop.core.energy.mqtt import MqttConfig, MqttSource
from mscd_desktop.core.energy.mqtt_connect import DEFAULT_PORT, DEFAULT_TLS_PORT
from mscd_desktop.core.energy.mqtt_presets import PRESETS, DeviceConfig
from mscd_desktop.core.energy.numbers import CO2_FACTORS, Tariff, load_tariff, save_tariff
from mscd_desktop.core.energy.simulator import PROFILES, SCENARIOS, SimulatorSource
from mscd_desktop.core.energy.sources import EnergySource, Reading
from mscd_desktop.core.energy.summary import ChannelSummary, summarise
from mscd_desktop.core.errors import MscdError, ValidationError
from mscd_desktop.core.events import resolve_event
from mscd_desktop.core.formatting import current_formats
from mscd_desktop.i18n import _, ngettext

PASSWORD_ENV = "MSCD_MQTT_PASSWORD"


def _lines(summaries: list[ChannelSummary], tariff: Tariff) -> list[str]:
    fmt = current_formats()
    lines = []
    for s in summaries:
        if s.produces:
            text = _(
                "{label}: produced {kwh} kWh, mean {mean} W, peak {peak} W, "
                "EUR {eur} saved, {co2} g CO2 avoided"
            )
        else:
            text = _("{label}: {kwh} kWh, mean {mean} W, peak {peak} W, EUR {eur}, {co2} g CO2")
        lines.append(
            text.format(
                label=s.label,
                kwh=fmt.fixed(s.energy_wh / 1000, 3),
                mean=fmt.integer(s.mean_w),
                peak=fmt.integer(s.max_w),
                eur=fmt.fixed(s.cost_eur, 2),
                co2=fmt.integer(s.co2_g),
            )
        )
        lines.extend(f"  {step}" for step in s.steps)
    lines.append(_("CO2 factor: {source}").format(source=tariff.source_text()))
    return lines


def _parse_device(text: str) -> DeviceConfig:
    preset, sep, topic = text.partition(":")
    if not sep or not topic:
        raise ValidationError(
            _(
                "--device must look like PRESET:TOPIC, e.g. "
                "shelly_gen1:shellyplug-s-6A6374 (got '{text}')."
            ).format(text=text),
            field="device",
        )
    return DeviceConfig(preset.strip(), topic.strip())


def _read_for(
    source: EnergySource, seconds: float, give_up: Callable[[], bool] = lambda: False
) -> list[Reading]:
    """Start *source*, collect its readings for *seconds* (or until *give_up()*), stop it."""
    readings: list[Reading] = []
    source.start()
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not give_up():
            time.sleep(0.1)
            readings.extend(source.poll())
    finally:
        source.stop()
    return readings


def _password(path: Path | None) -> str:
    """The broker password: the first line of *path*, else ``$MSCD_MQTT_PASSWORD``."""
    if path is None:
        return os.environ.get(PASSWORD_ENV, "")
    try:
        with path.open(encoding="utf-8") as fh:
            return fh.readline(4096).rstrip("\r\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(
            _("Cannot read the password file {path}: {error}").format(path=path, error=exc),
            field="password_file",
        ) from exc


def _source_report(source: EnergySource, readings: list[Reading]) -> tuple[dict, list[str]]:
    """What a source gave and refused, as ``--json`` data and as lines for people."""
    problems = [text for _ts, text in source.problems()]
    dropped = source.implausible()
    data = {
        "readings": [asdict(r) for r in readings],
        "skipped": problems,
        "skipped_count": source.skipped,
        "dropped": [d.as_dict() for d in dropped],
    }
    fmt = current_formats()
    lines = [
        f"{fmt.clock_seconds(r.ts)}  {r.channel}  {fmt.fixed(r.power_w, 1)} W"
        + ("" if r.energy_wh is None else f"  {fmt.fixed(r.energy_wh, 1)} Wh")
        for r in readings
    ]
    return data, [*lines, *problems, *(d.describe() for d in dropped)]


def register(group: click.Group) -> None:
    """Add the energy commands to *group*."""

    @group.group(help=_("Live energy data: simulator, recordings, MQTT meters, CO2 factors."))
    @common_options
    def energy() -> None:
        pass

    @energy.command("simulate", help=_("Simulate appliances and print what they used."))
    @click.option(
        "--seconds",
        type=click.IntRange(1, 7 * 86_400),
        default=600,
        show_default=True,
        help=_("Simulated seconds."),
    )
    @click.option(
        "--scenario",
        type=click.Choice(list(SCENARIOS)),
        default="all",
        show_default=True,
        help=_("Which channels to simulate."),
    )
    @click.option(
        "--channel",
        "channels",
        multiple=True,
        type=click.Choice(list(PROFILES)),
        help=_("Simulate only this channel (repeat for several)."),
    )
    @click.option(
        "--seed",
        type=int,
        default=1,
        show_default=True,
        help=_("Random seed (the same seed gives the same data)."),
    )
    @click.option(
        "--record", is_flag=True, help=_("Store 1-minute figures in the event for the KPI report.")
    )
    @event_option
    @common_options
    def simulate(
        seconds: int,
        scenario: str,
        channels: tuple[str, ...],
        seed: int,
        record: bool,
        event_id: str | None,
    ) -> None:
        sim = SimulatorSource(channels or SCENARIOS[scenario], seed=seed)
        sim.start()
        readings = sim.generate(seconds)
        with open_store() as store:
            tariff = load_tariff(store)
            if record:
                recorder = EnergyRecorder(store, resolve_event(store, event_id).id)
                recorder.record(readings)
                recorder.close()
        summaries = summarise(readings, tariff, sim.channels())
        emit([s.as_dict() for s in summaries], _lines(summaries, tariff))

    @energy.command("check-csv", help=_("Check a recording for replay: channels and bad lines."))
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @common_options
    def check_csv(path: Path) -> None:
        recording = load_recording(path)
        problems, count = recording.problems, len(recording)
        channels = sorted(recording.channels)
        span = float(recording.ts[-1] - recording.ts[0]) if count else 0.0
        data = {"readings": count, "channels": channels, "seconds": span, "skipped": problems}
        fmt = current_formats()
        summary = ngettext(
            "{n} reading of {channels} over {seconds} s; {bad} lines skipped.",
            "{n} readings of {channels} over {seconds} s; {bad} lines skipped.",
            count,
        ).format(
            n=fmt.integer(count),
            channels=", ".join(channels) or "-",
            seconds=fmt.integer(span),
            bad=fmt.integer(len(problems)),
        )
        emit(data, [summary, *problems])

    @energy.command("listen", help=_("Read MQTT meters for a while and print their readings."))
    @click.option("--host", default="127.0.0.1", show_default=True, help=_("MQTT broker."))
    @click.option(
        "--port",
        type=click.IntRange(1, 65535),
        help=_("Broker port (default: {plain}, or {tls} with --tls).").format(
            plain=DEFAULT_PORT, tls=DEFAULT_TLS_PORT
        ),
    )
    @click.option(
        "--device",
        "devices",
        multiple=True,
        required=True,
        metavar="PRESET:TOPIC",
        help=_("A device, e.g. tasmota:plug1 (presets: {presets}).").format(
            presets=", ".join(PRESETS)
        ),
    )
    @click.option(
        "--seconds",
        type=click.FloatRange(0.1, 3600),
        default=30,
        show_default=True,
        help=_("How long to listen."),
    )
    @click.option("--tls", is_flag=True, help=_("Connect with TLS (the system's CAs by default)."))
    @click.option(
        "--ca-file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=_("PEM file of the CA that signed the broker's certificate (implies --tls)."),
    )
    @click.option("--username", default="", help=_("User name on the broker."))
    @click.option(
        "--password-file",
        type=click.Path(dir_okay=False, path_type=Path),
        help=_("File whose first line is the broker password (default: ${env}).").format(
            env=PASSWORD_ENV
        ),
    )
    @common_options
    def listen(
        host: str,
        port: int | None,
        devices: tuple[str, ...],
        seconds: float,
        tls: bool,
        ca_file: Path | None,
        username: str,
        password_file: Path | None,
    ) -> None:
        tls = tls or ca_file is not None
        config = MqttConfig(
            host,
            port or (DEFAULT_TLS_PORT if tls else DEFAULT_PORT),
            tuple(_parse_device(d) for d in devices),
            username=username,
            password=_password(password_file) if username or password_file else "",
            tls=tls,
            ca_file=str(ca_file or ""),
        )
        source = MqttSource(config)
        readings = _read_for(source, seconds, give_up=lambda: source.refused)
        if source.refused:
            raise MscdError(source.last_error)
        if source.connects == 0:
            raise MscdError(
                _("Could not connect to the MQTT broker {host}:{port} in {s} s: {error}").format(
                    host=config.host,
                    port=config.port,
                    s=current_formats().decimal(seconds, 1),
                    error=source.last_error or "-",
                )
            )
        data, lines = _source_report(source, readings)
        emit(
            {"connected": True, **data},
            lines or [_("No readings in {s} s.").format(s=current_formats().decimal(seconds, 1))],
        )

    @energy.command("modbus", help=_("Read a Modbus TCP meter (e.g. SDM630) for a while."))
    @click.argument("host")
    @click.option("--port", type=int, default=502, show_default=True, help=_("Modbus TCP port."))
    @click.option(
        "--device-id",
        type=click.IntRange(1, 247),
        default=1,
        show_default=True,
        help=_("Modbus device (unit) id of the meter."),
    )
    @click.option(
        "--model",
        type=click.Choice(list(REGISTER_MAPS)),
        default="sdm630",
        show_default=True,
        help=_("Meter model (register map)."),
    )
    @click.option(
        "--seconds",
        type=click.FloatRange(0.1, 3600),
        default=10,
        show_default=True,
        help=_("How long to read."),
    )
    @common_options
    def modbus(host: str, port: int, device_id: int, model: str, seconds: float) -> None:
        source = ModbusSource(
            [ModbusMeter(host, port, device_id, model)], interval_s=min(1.0, seconds / 3)
        )
        readings = _read_for(source, seconds)
        if not readings:
            raise MscdError(
                _("The meter at {host}:{port} (device {id}) gave no readings in {s} s.").format(
                    host=host, port=port, id=device_id, s=current_formats().decimal(seconds, 1)
                )
            )
        emit(*_source_report(source, readings))

    @energy.command("tariff", help=_("Show or set the price per kWh and the CO2 factor."))
    @click.option(
        "--country",
        type=click.Choice(list(CO2_FACTORS), case_sensitive=False),
        help=_("Country (or EU27) whose CO2 factor to use."),
    )
    @click.option("--price", type=float, help=_("Price of a kWh in EUR."))
    @click.option("--co2", "g_per_kwh", type=float, help=_("Your own CO2 factor in g/kWh."))
    @common_options
    def tariff(country: str | None, price: float | None, g_per_kwh: float | None) -> None:
        with open_store() as store:
            current = load_tariff(store)
            if country or price is not None or g_per_kwh is not None:
                current = Tariff.for_country(
                    country or current.co2.code,
                    current.price_eur_per_kwh if price is None else price,
                    g_per_kwh,
                )
                save_tariff(store, current)
        emit(
            {"price_eur_per_kwh": current.price_eur_per_kwh, **current.co2.__dict__},
            [
                _("EUR {price} per kWh").format(
                    price=current_formats().fixed(current.price_eur_per_kwh, 2)
                ),
                current.source_text(),
            ],
        )

    @energy.command("factors", help=_("List the CO2 factors per country with year and source."))
    @common_options
    def factors() -> None:
        rows = [f.__dict__ | {"name": _(f.name)} for f in CO2_FACTORS.values()]
        fmt = current_formats()
        emit(
            rows,
            [
                f"{r['code']:5} {r['name']:14} {r['year']}  "
                f"{fmt.integer(r['g_per_kwh']):>5} g/kWh  {r['source']}"
                for r in rows
            ],
        )
