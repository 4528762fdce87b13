"""Real servers on 127.0.0.1: a Mosquitto broker (its binary) and a Modbus TCP SDM630."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

MOSQUITTO = shutil.which("mosquitto") or (
    "/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _accepting(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


class Broker:
    """One Mosquitto process that a test can stop and start again on the same port."""

    def __init__(self, workdir: Path) -> None:
        self.port = _free_port()
        self.config = workdir / "mosquitto.conf"
        self.config.write_text(
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence false\n"
            f"log_dest file {workdir / 'mosquitto.log'}\n"
        )
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [MOSQUITTO, "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _accepting(self.port):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"mosquitto did not start on port {self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def broker(tmp_path):
    """A running Mosquitto broker; ``broker.port``, ``broker.stop()``, ``broker.start()``."""
    if MOSQUITTO is None:
        pytest.skip("mosquitto is not installed (packaging/debian-packages.txt)")
    running = Broker(tmp_path)
    running.start()
    yield running
    running.stop()


class FakeSdm630:
    """A meter whose registers follow ``power_w`` and ``energy_kwh``; serve/stop/serve."""

    def __init__(self) -> None:
        self.power_w, self.energy_kwh = 0.0, 0.0
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: object = None
        self._thread: threading.Thread | None = None

    async def _action(self, _fc, start, _address, _count, registers, _values):
        from pymodbus.client import ModbusTcpClient

        from mscd_desktop.core.energy.modbus import REGISTER_MAPS

        regs = REGISTER_MAPS["sdm630"]
        for address, value in (
            (regs["power_w"], self.power_w),
            (regs["energy_kwh"], self.energy_kwh),
        ):
            words = ModbusTcpClient.convert_to_registers(value, ModbusTcpClient.DATATYPE.FLOAT32)
            registers[address - start : address - start + 2] = words
        return None

    def serve(self) -> None:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self._loop)

            async def main() -> None:
                from pymodbus.server import ModbusTcpServer
                from pymodbus.simulator import DataType, SimData, SimDevice

                device = SimDevice(
                    1,
                    [SimData(0, count=0x200, values=0, datatype=DataType.REGISTERS)],
                    action=self._action,
                )
                self._server = ModbusTcpServer(device, address=("127.0.0.1", self.port))
                ready.set()
                await self._server.serve_forever()

            self._loop.run_until_complete(main())

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(5)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)

    def stop(self) -> None:
        if self._server is not None and self._loop is not None:
            asyncio.run_coroutine_threadsafe(self._server.shutdown(), self._loop).result(5)
            self._thread.join(5)
        self._server = None


@pytest.fixture
def meter():
    """A running fake SDM630 on a free port: ``meter.power_w``, ``meter.energy_kwh``."""
    pytest.importorskip("pymodbus")
    fake = FakeSdm630()
    fake.serve()
    yield fake
    fake.stop()
