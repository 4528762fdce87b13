"""Reading aloud on the kiosk: Qt TextToSpeech, only in languages the system has a voice for.

On Linux Qt's ``speechd`` plugin talks to the speech-dispatcher daemon (which speaks
through espeak-ng). A daemon that hangs (it can, after its sound output failed) would hold
Qt's plugin, and so the kiosk's GUI thread, forever; :func:`speech_dispatcher_answers`
asks it first, with a short timeout, and a daemon that does not answer counts as no voice.
"""

from __future__ import annotations

import logging
import os
import socket
from collections import deque
from pathlib import Path

from PySide6.QtCore import QLocale

log = logging.getLogger(__name__)

PROBE_SECONDS = 1.5


def speech_dispatcher_socket(env: dict[str, str] | None = None) -> Path | None:
    """Where speech-dispatcher listens for this user (None: not on a Unix socket)."""
    env = os.environ if env is None else env
    address = env.get("SPEECHD_ADDRESS", "")
    if address:
        kind, _, path = address.partition(":")
        return Path(path) if kind == "unix_socket" and path else None
    runtime = env.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime else Path(env.get("HOME", str(Path.home()))) / ".cache"
    return base / "speech-dispatcher" / "speechd.sock"


def speech_dispatcher_answers(path: Path | None = None, timeout: float | None = None) -> bool:
    """Whether the speech-dispatcher at *path* (default: this user's) greets back within
    *timeout* seconds (default :data:`PROBE_SECONDS`). True when none runs yet: Qt's
    plugin starts one."""
    path = path or speech_dispatcher_socket()
    timeout = PROBE_SECONDS if timeout is None else timeout
    if path is None or not path.exists():
        return True
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(timeout)
            probe.connect(str(path))
            probe.sendall(b"SET SELF CLIENT_NAME mscd:kiosk:probe\r\n")
            reply = probe.recv(256)
            probe.sendall(b"QUIT\r\n")
    except (ConnectionRefusedError, FileNotFoundError):
        return True  # a socket left behind by a daemon that is gone: a new one starts
    except OSError as exc:
        log.warning("speech-dispatcher does not answer (%s): no read-aloud", exc)
        return False
    return reply.startswith(b"2")


class Speaker:
    """Reads questions aloud with Qt TextToSpeech, in languages the system has a voice for.

    The engine comes from ``MSCD_TTS_ENGINE`` (tests use ``mock``), else Qt's default (on
    Linux ``speechd``: speech-dispatcher with espeak-ng). :meth:`can_read` says whether a
    voice exists for a language; the kiosk hides "Read aloud" where none does, and never
    reads a text in another language's voice.
    """

    def __init__(self, engine: str | None = None) -> None:
        self.engine_name = engine if engine is not None else os.environ.get("MSCD_TTS_ENGINE", "")
        self._tts = None
        self._tried = False
        self._daemon_ok: bool | None = None  # speech-dispatcher answered (None: not asked)
        self._locales: dict[str, QLocale | None] = {}  # language -> the voice's locale
        self.spoken: deque[str] = deque(maxlen=20)  # the last texts read, for tests

    def prepare(self) -> None:
        """Ask speech-dispatcher whether it answers, off the GUI thread (the kiosk does it
        on the worker that loads the packs): no Qt here, only a socket with a timeout."""
        if self.engine_name in ("", "speechd") and self._daemon_ok is None:
            self._daemon_ok = speech_dispatcher_answers()

    def _engine(self):  # -> QTextToSpeech | None
        if not self._tried:
            self._tried = True
            try:
                from PySide6.QtTextToSpeech import QTextToSpeech

                engines = QTextToSpeech.availableEngines()
                name = self.engine_name if self.engine_name in engines else ""
                chosen = name or (engines[0] if engines else "")
                if chosen == "speechd":
                    self.prepare()  # at once, if the kiosk has not asked already
                    if not self._daemon_ok:
                        engines = []
                if engines and not (self.engine_name and not name):
                    tts = QTextToSpeech(name) if name else QTextToSpeech()
                    if tts.state() != QTextToSpeech.State.Error:
                        self._tts = tts
                    else:
                        log.info("no text to speech: %s", tts.errorString())
            except (ImportError, RuntimeError) as exc:
                log.info("no text to speech: %s", exc)
        return self._tts

    def _locale_for(self, language: str) -> QLocale | None:
        """The engine's locale that speaks *language* (its own country first), or None."""
        if language not in self._locales:
            tts = self._engine()
            wanted = QLocale(language)
            found = [
                locale
                for locale in (tts.availableLocales() if tts is not None else [])
                if locale.language() == wanted.language()
            ]
            found.sort(key=lambda locale: locale.territory() != wanted.territory())
            self._locales[language] = found[0] if found else None
        return self._locales[language]

    @property
    def available(self) -> bool:
        """Whether a speech engine with at least one voice could be started."""
        tts = self._engine()
        return tts is not None and bool(tts.availableLocales())

    def can_read(self, language: str) -> bool:
        """Whether a voice exists for *language* (``es``, ``sv`` …)."""
        return self._locale_for(language) is not None

    def say(self, text: str, language: str) -> None:
        """Read *text* in *language* (stopping whatever was being read); nothing when no
        voice speaks that language."""
        tts = self._engine()
        locale = self._locale_for(language)
        if tts is None or locale is None or not text:
            return
        tts.stop()
        if tts.locale() != locale:
            tts.setLocale(locale)
        tts.say(text)
        self.spoken.append(text)

    def stop(self) -> None:
        """Stop reading."""
        if self._tts is not None:
            self._tts.stop()
