"""A real ``mscd-hub serve`` process on 127.0.0.1 (uvicorn, one or more workers).

Tests and benchmarks start it on a free port, talk HTTP to it, and can stop it politely,
kill it (a crash mid-push) and start it again on the same port.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from .postgres import free_port


class HubServer:
    """``python -m mscd_desktop.hub --db URL serve --port P --workers N``."""

    def __init__(self, db_url: str, workers: int = 1, log_dir: Path | None = None) -> None:
        self.db_url = db_url
        self.workers = workers
        self.port = free_port()
        self.log_path = (log_dir or Path.cwd()) / f"hub-{self.port}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The hub's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> None:
        """Start and wait until ``/healthz`` answers."""
        command = [sys.executable, "-m", "mscd_desktop.hub", "--db", self.db_url, "serve"]
        command += ["--port", str(self.port), "--workers", str(self.workers)]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the hub did not start: {self.log_path.read_text()[-2000:]}")
            time.sleep(0.1)

    def stop(self) -> None:
        """Stop politely (SIGTERM to the process group) and wait."""
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        """Kill at once, workers too (a crash)."""
        self._signal(signal.SIGKILL)

    def _signal(self, sig: int) -> None:
        if self.process is None or self.process.poll() is not None:
            self.process = None
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)
        self.process = None
