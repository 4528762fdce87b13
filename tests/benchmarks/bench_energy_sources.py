"""Benchmark: throughput of the energy sources and their processing (prints; not a test).

* simulator: readings per second generated (7 channels, one simulated day at 1 s);
* MQTT parsing without a network: Shelly Gen2 JSON and Tasmota two-channel messages/s;
* MQTT end to end through a real Mosquitto on 127.0.0.1: messages/s received and mean
  latency from publish to ``poll()``;
* MQTT buffer while nobody polls: 200,000 messages, memory stays bounded;
* CSV replay: rows/s loading a day of 8 channels at 1 Hz;
* step detection: readings/s.

Run: ``python tests/benchmarks/bench_energy_sources.py``.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from mscd_desktop.core.energy.csv_replay import load_recording
from mscd_desktop.core.energy.mqtt import MqttConfig, MqttSource
from mscd_desktop.core.energy.mqtt_presets import DeviceConfig
from mscd_desktop.core.energy.simulator import SimulatorSource
from mscd_desktop.core.energy.steps import StepDetector

NOON = 1_764_072_000.0


def rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, count: int, fn) -> float:
    start = time.perf_counter()
    fn()
    seconds = time.perf_counter() - start
    print(f"{label}: {count:,} in {seconds:.2f} s = {count / seconds:,.0f}/s")
    return seconds


def bench_simulator() -> list:
    sim = SimulatorSource(seed=1, start_time=NOON)
    sim.start()
    out: list = []
    timed(
        "simulator readings (7 channels, 1 day at 1 s)",
        86_400 * 7,
        lambda: out.extend(sim.generate(86_400)),
    )
    return out


def bench_parse() -> None:
    gen2 = json.dumps(
        {
            "id": 0,
            "output": True,
            "apower": 85.3,
            "voltage": 231.2,
            "aenergy": {"total": 1520.75},
            "temperature": {"tC": 38.2},
        }
    ).encode()
    tasmota = json.dumps({"ENERGY": {"Total": [1.2, 0.5], "Power": [52, 5]}}).encode()
    src = MqttSource(
        MqttConfig(devices=(DeviceConfig("shelly_gen2", "plug"), DeviceConfig("tasmota", "t2"))),
        buffer_size=1000,
    )
    n = 50_000
    timed(
        "MQTT parse, Shelly Gen2 JSON",
        n,
        lambda: [src.handle_message("plug/status/switch:0", gen2) for _ in range(n)],
    )
    timed(
        "MQTT parse, Tasmota 2 channels",
        n,
        lambda: [src.handle_message("tele/t2/SENSOR", tasmota) for _ in range(n)],
    )
    before = rss_mb()
    big = MqttSource(MqttConfig(devices=(DeviceConfig("emon", "n"),)))
    for k in range(200_000):
        big.handle_message("emon/n/power1", str(k % 3000).encode())
    kept = len(big.poll())
    print(
        f"MQTT unpolled: 200,000 messages -> {kept:,} kept, {big.dropped:,} dropped, "
        f"peak RSS {before:.0f} -> {rss_mb():.0f} MB"
    )


def bench_broker() -> None:
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    if not os.path.exists(binary):
        print("MQTT end to end: skipped (mosquitto not installed)")
        return
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        conf = Path(tmp) / "m.conf"
        conf.write_text(
            f"listener {port} 127.0.0.1\nallow_anonymous true\n"
            "persistence false\nmax_queued_messages 100000\n"
        )
        broker = subprocess.Popen(
            [binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            time.sleep(0.5)
            src = MqttSource(
                MqttConfig(port=port, devices=(DeviceConfig("emon", "bench"),)), buffer_size=100_000
            )
            src.start()
            while not src.connected:
                time.sleep(0.01)
            pub = mqtt.Client(CallbackAPIVersion.VERSION2)
            pub.connect("127.0.0.1", port)
            pub.loop_start()
            n, got, latencies = 20_000, 0, []
            start = time.perf_counter()
            for k in range(n):
                pub.publish("emon/bench/power1", str(k % 3000), qos=0)
            deadline = time.monotonic() + 30
            while got < n and time.monotonic() < deadline:
                readings = src.poll()
                got += len(readings)
                latencies.extend(time.time() - r.ts for r in readings[-1:])
                time.sleep(0.01)
            seconds = time.perf_counter() - start
            print(
                f"MQTT end to end via Mosquitto: {got:,}/{n:,} messages in {seconds:.2f} s "
                f"= {got / seconds:,.0f}/s"
            )
            pub.loop_stop()
            pub.disconnect()
            # latency at a demo-like rate: 20 messages/s for 2 s
            lat = []
            pub = mqtt.Client(CallbackAPIVersion.VERSION2)
            pub.connect("127.0.0.1", port)
            pub.loop_start()
            for _k in range(40):
                sent = time.time()
                pub.publish("emon/bench/power1", "100", qos=0)
                while not (readings := src.poll()):
                    time.sleep(0.0005)
                lat.append(readings[-1].ts - sent)
                time.sleep(0.05)
            pub.loop_stop()
            pub.disconnect()
            src.stop()
            lat.sort()
            print(
                f"MQTT publish -> reading (poll every 0.5 ms): median {lat[20] * 1000:.1f} ms, "
                f"max {lat[-1] * 1000:.1f} ms"
            )
        finally:
            broker.terminate()
            broker.wait(timeout=10)


def bench_csv(readings: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "day.csv"
        with path.open("w") as fh:
            fh.write("timestamp,channel,power_w,energy_wh\n")
            rows = 0
            for r in readings:
                fh.write(f"{r.ts:.0f},{r.channel},{r.power_w:.1f},{r.energy_wh:.3f}\n")
                rows += 1
            for extra in range(86_400):  # an eighth channel
                fh.write(f"{NOON + extra:.0f},meter8,{100 + extra % 50},\n")
                rows += 1
        before = rss_mb()
        out: list = []
        timed(
            "CSV replay load (8 channels, 1 day at 1 Hz)",
            rows,
            lambda: out.append(load_recording(path)),
        )
        print(
            f"CSV replay: peak RSS {before:.0f} -> {rss_mb():.0f} MB for {len(out[0]):,} readings"
        )


def bench_steps(readings: list) -> None:
    kettle = [r for r in readings if r.channel == "kettle"]
    detector = StepDetector("kettle")
    events: list = []
    timed(
        "step detection (kettle, 1 day at 1 s)",
        len(kettle),
        lambda: events.extend(detector.feed(kettle)),
    )
    print(f"step detection: {sum(e.kind == 'off' for e in events)} kettle boils found")


if __name__ == "__main__":
    print(f"start: peak RSS {rss_mb():.0f} MB")
    bench_parse()
    bench_broker()
    day = bench_simulator()
    bench_steps(day)
    bench_csv(day)
