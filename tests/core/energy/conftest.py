"""Real servers on 127.0.0.1: Mosquitto brokers (plain; with TLS and a password; behind a
proxy that refuses MQTT 5) and a Modbus TCP SDM630."""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import ipaddress
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
MOSQUITTO_PASSWD = shutil.which("mosquitto_passwd")


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
    """One Mosquitto process that a test can stop and start again on the same port.

    *settings* are extra mosquitto.conf lines for the listener (TLS files, a password
    file); without them the broker lets anyone in. ``user root`` keeps mosquitto from
    switching to its own user when the tests run as root, so it can read the test's files.
    """

    def __init__(self, workdir: Path, settings: str = "") -> None:
        self.port = _free_port()
        self.config = workdir / "mosquitto.conf"
        access = settings or "allow_anonymous true\n"
        self.config.write_text(
            f"user root\nper_listener_settings false\npersistence false\n"
            f"log_dest file {workdir / 'mosquitto.log'}\n{access}"
            f"listener {self.port} 127.0.0.1\n{_listener_lines(settings)}"
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


def _listener_lines(settings: str) -> str:
    """The per-listener lines (TLS files) of *settings*; the rest are global."""
    keys = ("cafile", "certfile", "keyfile")
    return "".join(line + "\n" for line in settings.splitlines() if line.startswith(keys))


@pytest.fixture
def broker(tmp_path):
    """A running Mosquitto broker; ``broker.port``, ``broker.stop()``, ``broker.start()``."""
    if MOSQUITTO is None:
        pytest.skip("mosquitto is not installed (packaging/debian-packages.txt)")
    running = Broker(tmp_path)
    running.start()
    yield running
    running.stop()


def _tls_key():
    from cryptography.hazmat.primitives.asymmetric import ec

    return ec.generate_private_key(ec.SECP256R1())


def _pem(path: Path, cert=None, key=None) -> Path:
    from cryptography.hazmat.primitives import serialization

    if cert is not None:
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    else:
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
    return path


def make_ca(folder: Path, name: str):
    """A self-signed CA valid for a day: (certificate PEM path, certificate, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import NameOID

    key = _tls_key()
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return _pem(folder / f"{name.replace(' ', '-')}.pem", cert=cert), cert, key


def make_server_cert(folder: Path, ca_cert, ca_key) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost signed by the CA: (cert path, key path)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    key = _tls_key()
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return _pem(folder / "server.pem", cert=cert), _pem(folder / "server.key", key=key)


class SecureBroker(Broker):
    """Mosquitto with TLS (a CA made here) and one user in a ``mosquitto_passwd`` file.

    ``ca_file`` is the CA that signed the broker's certificate, ``other_ca_file`` one that
    did not; ``username`` / ``password`` are the one account.
    """

    username, password = "demo-host", "kWh-on-the-wall 2026"

    def __init__(self, workdir: Path) -> None:
        self.ca_file, ca_cert, ca_key = make_ca(workdir, "Venue CA")
        self.other_ca_file, _cert, _key = make_ca(workdir, "Some other CA")
        certfile, keyfile = make_server_cert(workdir, ca_cert, ca_key)
        passwords = workdir / "passwords"
        subprocess.run(
            [MOSQUITTO_PASSWD, "-c", "-b", str(passwords), self.username, self.password],
            check=True,
            capture_output=True,
        )
        super().__init__(
            workdir,
            f"allow_anonymous false\npassword_file {passwords}\n"
            f"cafile {self.ca_file}\ncertfile {certfile}\nkeyfile {keyfile}\n",
        )


@pytest.fixture
def secure_broker(tmp_path):
    """A running Mosquitto that wants TLS and a password (see :class:`SecureBroker`)."""
    if MOSQUITTO is None or MOSQUITTO_PASSWD is None:
        pytest.skip("mosquitto is not installed (packaging/debian-packages.txt)")
    pytest.importorskip("cryptography")
    running = SecureBroker(tmp_path)
    running.start()
    yield running
    running.stop()


class Mqtt311OnlyProxy:
    """Stands before a broker like an old one: refuses MQTT 5, passes MQTT 3.1.1 through.

    An MQTT 5 CONNECT gets the 3.1.1 answer "unacceptable protocol version" (CONNACK 0x01);
    any other connection is piped to the broker as it is. ``refused`` counts the refusals.
    """

    def __init__(self, broker_port: int) -> None:
        self.broker_port = broker_port
        self.refused = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _addr = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        head = client.recv(9)  # fixed header, remaining length, "\0\4MQTT", level
        level = head[-1] if len(head) == 9 else 0
        if level == 5:
            self.refused += 1
            client.sendall(b"\x20\x02\x00\x01")
            client.close()
            return
        upstream = socket.create_connection(("127.0.0.1", self.broker_port))
        upstream.sendall(head)
        threading.Thread(target=_pipe, args=(upstream, client), daemon=True).start()
        _pipe(client, upstream)

    def close(self) -> None:
        self._closed = True
        self._server.close()


def _pipe(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


@pytest.fixture
def old_broker(broker):
    """A broker that speaks only MQTT 3.1.1 (``old_broker.port``), before the real one."""
    proxy = Mqtt311OnlyProxy(broker.port)
    yield proxy
    proxy.close()


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
