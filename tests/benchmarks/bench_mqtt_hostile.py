"""Benchmark: what hostile MQTT input does to ``mscd energy listen`` (prints; not a test).

The listener runs as its own process (the real CLI) against a Mosquitto on 127.0.0.1
started here; while it listens, this script publishes:

* 40 messages of 20 MB each (not a number) on a power topic: the listener's peak RSS
  (VmHWM) and how much it wrote to stderr;
* one Tasmota message whose ``ENERGY.Power`` holds 100,000 numbers: lines on stderr;
* a Tasmota total of 1e308 kWh: whether ``--json`` still prints JSON.

Then the same messages go straight into ``MqttSource.handle_message`` in this process, as
they would from a broker that knows only MQTT 3.1.1 (no packet-size limit there): the
growth of this process's memory and the number of log records.

Run: ``python tests/benchmarks/bench_mqtt_hostile.py``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

ROOT = Path(__file__).resolve().parents[2]
MSCD = [sys.executable, "-m", "mscd_desktop.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_broker(workdir: Path) -> tuple[subprocess.Popen, int]:
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    port = free_port()
    conf = workdir / "m.conf"
    conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
    broker = subprocess.Popen(
        [binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return broker, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("mosquitto did not start")


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def listen(port: int, device: str, seconds: float, messages: list[tuple[str, bytes]], data_dir):
    """Run the CLI listener, publish *messages* once it is connected; what it did."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    args = [
        *MSCD,
        "--json",
        "--data-dir",
        str(data_dir),
        "energy",
        "listen",
        "--port",
        str(port),
        "--device",
        device,
        "--seconds",
        str(seconds),
    ]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    out: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=lambda: out.__setitem__("stdout", proc.stdout.read())),
        threading.Thread(target=lambda: out.__setitem__("stderr", proc.stderr.read())),
    ]
    for thread in readers:
        thread.start()
    time.sleep(2.0)  # the listener imports and connects
    pub = mqtt.Client(CallbackAPIVersion.VERSION2)
    pub.connect("127.0.0.1", port)
    pub.loop_start()
    for topic, payload in messages:
        pub.publish(topic, payload, qos=1).wait_for_publish(60)
    pub.loop_stop()
    pub.disconnect()
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, peak_rss_mb(proc.pid))
        time.sleep(0.02)
    for thread in readers:
        thread.join()
    return proc.returncode, peak, out["stdout"], out["stderr"]


def is_json(text: bytes) -> bool:
    def refuse(name: str) -> None:
        raise ValueError(name)

    try:
        json.loads(text, parse_constant=refuse)
    except ValueError:
        return False
    return True


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _Count(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.records = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.records += 1


def in_process() -> None:
    sys.path.insert(0, str(ROOT))
    from mscd_desktop.core.energy.mqtt import MqttConfig, MqttSource
    from mscd_desktop.core.energy.mqtt_presets import DeviceConfig

    counter = _Count()
    logging.getLogger("mscd_desktop").addHandler(counter)
    logging.getLogger("mscd_desktop").propagate = False
    source = MqttSource(MqttConfig(devices=(DeviceConfig("emon", "n"),)))
    payload = b"x" * (20 * 1024 * 1024)
    before = rss_mb()
    for _k in range(40):
        source.handle_message("emon/n/power1", payload)
    print(
        f"in process, 40 x 20 MB: RSS +{rss_mb() - before:,.0f} MB, "
        f"{counter.records} log records, {source.skipped} skipped"
    )
    counter.records = 0
    wide = MqttSource(MqttConfig(devices=(DeviceConfig("tasmota", "wide"),)))
    message = json.dumps({"ENERGY": {"Power": list(range(100_000))}}).encode()
    wide.handle_message("tele/wide/SENSOR", message)
    print(
        f"in process, one 100,000-element message: {counter.records} log records, "
        f"{wide.skipped} skipped"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        broker, port = start_broker(Path(tmp))
        try:
            big = [("emon/n/power1", b"x" * (20 * 1024 * 1024)) for _ in range(40)]
            big.append(("emon/n/power1", b"1500"))
            code, peak, stdout, stderr = listen(port, "emon:n", 40, big, tmp)
            print(
                f"40 x 20 MB messages: exit {code}, peak RSS {peak:,.0f} MB, "
                f"stderr {len(stderr.splitlines()):,} lines / {len(stderr) / 1e6:,.1f} MB, "
                f"stdout {len(stdout) / 1e6:,.1f} MB"
            )
            wide = json.dumps({"ENERGY": {"Power": list(range(100_000))}}).encode()
            code, peak, stdout, stderr = listen(
                port, "tasmota:wide", 8, [("tele/wide/SENSOR", wide)], tmp
            )
            print(
                f"one 100,000-element message: exit {code}, "
                f"stderr {len(stderr.splitlines()):,} lines, peak RSS {peak:,.0f} MB"
            )
            huge = json.dumps({"ENERGY": {"Power": 5, "Total": 1e308}}).encode()
            code, _peak, stdout, stderr = listen(
                port,
                "tasmota:inf",
                5,
                [("tele/inf/SENSOR", huge), ("tele/inf/SENSOR", huge)],
                tmp,
            )
            print(
                f"a total of 1e308 kWh: exit {code}, stdout is JSON: {is_json(stdout)}, "
                f"'Infinity' in stdout: {b'Infinity' in stdout}; "
                f"stderr: {stderr.decode(errors='replace').strip()[:200]!r}"
            )
        finally:
            broker.terminate()
            broker.wait(10)
    in_process()


if __name__ == "__main__":
    main()
