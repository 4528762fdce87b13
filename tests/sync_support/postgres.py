"""A throwaway PostgreSQL cluster on 127.0.0.1, from Debian's binaries.

``initdb`` into a fresh folder, ``pg_ctl start`` on a free port (TCP on 127.0.0.1 only, no
Unix socket), trust authentication for the ``postgres`` superuser. PostgreSQL refuses to
run as root, so as root (CI) every command runs as the unprivileged ``postgres`` user that
the Debian package creates (or ``nobody``). :meth:`restart` stops and starts it on the same
port, for tests of a database restarted under the hub.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    """PostgreSQL cannot be started here (the reason says why)."""


def find_bin_dir() -> Path | None:
    """Debian's newest ``/usr/lib/postgresql/N/bin`` holding pg_ctl, or pg_ctl on PATH."""
    root = Path("/usr/lib/postgresql")
    versions = sorted(
        (p for p in root.glob("*/bin") if (p / "pg_ctl").exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1]
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_as() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable("running as root and there is no postgres or nobody user")


class PostgresCluster:
    """One PostgreSQL server; ``url(database)`` gives a SQLAlchemy URL for psycopg 3."""

    def __init__(self) -> None:
        self.bin_dir = find_bin_dir()
        if self.bin_dir is None:
            raise PostgresUnavailable(
                "no PostgreSQL binaries (install Debian's postgresql: packaging/"
                "debian-packages.txt)"
            )
        self.user = _run_as()
        self.folder = Path(tempfile.mkdtemp(prefix="mscd-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.port = free_port()
        if self.user is not None:
            os.chown(self.folder, self.user.pw_uid, self.user.pw_gid)
        self._pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def _pg(self, program: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        kwargs: dict = {}
        if self.user is not None:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        result = subprocess.run(
            [str(self.bin_dir / program), *args],
            capture_output=True,
            text=True,
            cwd=self.folder,
            timeout=120,
            **kwargs,
        )
        if check and result.returncode != 0:
            raise PostgresUnavailable(
                f"{program} failed ({result.returncode}): {result.stderr.strip()[-600:]}"
            )
        return result

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' "
            "-c fsync=off -c max_connections=200 -c shared_buffers=32MB"
        )
        self._pg("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        deadline = time.monotonic() + 30
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                if time.monotonic() > deadline:
                    raise PostgresUnavailable("PostgreSQL did not accept connections") from None
                time.sleep(0.1)

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (``fast`` ends open connections)."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def restart(self) -> None:
        """Stop and start again on the same port: every open connection breaks."""
        self.stop()
        self.start()

    def url(self, database: str = "postgres") -> str:
        """A SQLAlchemy URL of *database* on this server."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """Create an empty database; its URL."""
        import psycopg

        with psycopg.connect(
            f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def destroy(self) -> None:
        """Stop the server and delete its files."""
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)
