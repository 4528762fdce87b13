"""A speech-dispatcher that hangs must not freeze the kiosk: it counts as no voice."""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

from mscd_desktop.gui.kiosk.speech import (
    Speaker,
    speech_dispatcher_answers,
    speech_dispatcher_socket,
)


class FakeDaemon:
    """A Unix socket that accepts and then answers *reply* (or, with None, nothing)."""

    def __init__(self, path, reply: bytes | None) -> None:
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(4)
        self.reply = reply
        self.clients: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            self.clients.append(client)
            if self.reply is not None:
                client.recv(256)
                client.sendall(self.reply)

    def close(self) -> None:
        for client in self.clients:
            client.close()
        self.server.close()


@pytest.fixture
def short_dir():
    """A folder with a short path (a Unix socket's path is limited to about 100 bytes)."""
    with tempfile.TemporaryDirectory(prefix="sd") as folder:
        yield folder


def test_a_silent_speech_dispatcher_counts_as_no_voice_within_the_timeout(short_dir):
    path = f"{short_dir}/speechd.sock"
    daemon = FakeDaemon(path, reply=None)
    started = time.monotonic()
    assert not speech_dispatcher_answers(Path(path), timeout=0.3)
    assert time.monotonic() - started < 2
    daemon.close()


def test_a_greeting_speech_dispatcher_or_none_at_all_is_fine(short_dir):
    path = Path(short_dir) / "speechd.sock"
    assert speech_dispatcher_answers(path)  # none runs: Qt's plugin starts one
    daemon = FakeDaemon(path, reply=b"208 OK CLIENT NAME SET\r\n")
    assert speech_dispatcher_answers(path, timeout=2)
    daemon.close()


def test_the_socket_is_found_where_speech_dispatcher_puts_it():
    assert str(speech_dispatcher_socket({"XDG_RUNTIME_DIR": "/run/user/1000"})) == (
        "/run/user/1000/speech-dispatcher/speechd.sock"
    )
    assert str(speech_dispatcher_socket({"HOME": "/home/kiosk"})) == (
        "/home/kiosk/.cache/speech-dispatcher/speechd.sock"
    )
    assert str(speech_dispatcher_socket({"SPEECHD_ADDRESS": "unix_socket:/tmp/s.sock"})) == (
        "/tmp/s.sock"
    )
    assert speech_dispatcher_socket({"SPEECHD_ADDRESS": "inet_socket:127.0.0.1:6560"}) is None


def test_the_kiosk_speaker_gives_up_on_a_hanging_daemon(qapp, short_dir, monkeypatch):
    path = f"{short_dir}/speechd.sock"
    daemon = FakeDaemon(path, reply=None)
    monkeypatch.setenv("SPEECHD_ADDRESS", f"unix_socket:{path}")
    monkeypatch.setattr("mscd_desktop.gui.kiosk.speech.PROBE_SECONDS", 0.3)
    started = time.monotonic()
    speaker = Speaker("speechd")
    assert not speaker.available and not speaker.can_read("es")
    speaker.say("Hola", "es")
    assert time.monotonic() - started < 1.5 and not speaker.spoken
    daemon.close()


def test_the_kiosk_asks_the_speech_service_off_the_gui_thread(qtbot, demo_context, monkeypatch):
    seen: list[threading.Thread] = []

    class Watched(Speaker):
        def prepare(self) -> None:
            seen.append(threading.current_thread())
            super().prepare()

    from mscd_desktop.gui.kiosk.kiosk_screen import KioskScreen

    screen = KioskScreen(demo_context, speaker=Watched("mock"))
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.game is not None, timeout=5000)
    assert seen and seen[0] is not threading.main_thread()
    screen.shutdown()
