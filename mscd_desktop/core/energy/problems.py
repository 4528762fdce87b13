"""What a live source refused, kept short and logged sparingly.

A device (or an attacker) can send a 20 MB payload, or one message that makes 100,000
problems. :class:`ProblemLog` keeps only a short excerpt of each problem for the screen,
and writes at most one log line per key (a channel or device, and a kind of problem) per
``every_s`` seconds; the lines it held back are counted and said with the next line of that
key, or by :meth:`ProblemLog.flush` when the source stops. :func:`excerpt` is how every
message quotes outside data.
"""

from __future__ import annotations

import logging
import reprlib
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from mscd_desktop.core.formatting import current_formats
from mscd_desktop.i18n import _, ngettext

MAX_TEXT = 300
"""Characters of a problem kept for the screen and the log."""
MAX_KEYS = 256
"""Distinct keys followed for rate limiting; beyond them every new key shares one."""
OVERFLOW_KEY = "*"


def excerpt(value: object, limit: int = 60) -> str:
    """*value* quoted for a message: at most about *limit* characters, with its full size.

    Never builds the whole ``repr`` of a huge string, payload or container.
    """
    if isinstance(value, (bytes, bytearray, str)):
        if len(value) <= limit:
            return repr(bytes(value) if isinstance(value, bytearray) else value)
        head = repr(bytes(value[:limit]) if isinstance(value, bytearray) else value[:limit])
        if isinstance(value, str):
            return _("{text}… ({n} characters)").format(text=head, n=len(value))
        return _("{text}… ({n} bytes)").format(text=head, n=len(value))
    quoter = reprlib.Repr()
    quoter.maxother = quoter.maxstring = quoter.maxlong = limit
    return quoter.repr(value)


def shorten(text: str, limit: int = MAX_TEXT) -> str:
    """*text* cut to *limit* characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _Key:
    logged_at: float
    suppressed: int = 0
    last_text: str = ""


class ProblemLog:
    """Problems of one source: counted, kept as short texts, logged at a bounded rate."""

    def __init__(
        self,
        logger: logging.Logger,
        name: str,
        *,
        every_s: float = 60.0,
        keep: int = 100,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._logger, self.name = logger, name
        self.every_s = every_s
        self._clock = clock
        self._lock = threading.Lock()
        self._recent: deque[tuple[float, str]] = deque(maxlen=keep)
        self._keys: dict[str, _Key] = {}
        self.count = 0
        self.logged = 0

    def report(self, key: str, text: str) -> None:
        """One problem of *key* (e.g. ``"kettle/power"``): keep it, log it unless too soon."""
        text = shorten(text)
        now = self._clock()
        with self._lock:
            self.count += 1
            self._recent.append((time.time(), text))
            if key not in self._keys and len(self._keys) >= MAX_KEYS:
                key = OVERFLOW_KEY
            state = self._keys.get(key)
            if state is not None and now - state.logged_at < self.every_s:
                state.suppressed += 1
                state.last_text = text
                return
            held = state.suppressed if state is not None else 0
            self._keys[key] = _Key(now)
            self.logged += 1
        if held:
            self._logger.warning(
                "%s: %s (%s)",
                self.name,
                text,
                ngettext(
                    "{n} more like it in the last {s} s was not logged",
                    "{n} more like it in the last {s} s were not logged",
                    held,
                ).format(
                    n=current_formats().integer(held), s=current_formats().integer(self.every_s)
                ),
            )
        else:
            self._logger.warning("%s: %s", self.name, text)

    def flush(self) -> None:
        """Log how many problems each key held back (when the source stops)."""
        with self._lock:
            held = [(k, s.suppressed, s.last_text) for k, s in self._keys.items() if s.suppressed]
            for state in self._keys.values():
                state.suppressed = 0
            self.logged += len(held)
        for _key, count, last in held:
            self._logger.warning(
                "%s: %s",
                self.name,
                ngettext(
                    "{n} more problem like this one was not logged: {text}",
                    "{n} more problems like this one were not logged: {text}",
                    count,
                ).format(n=count, text=last),
            )

    def recent(self) -> list[tuple[float, str]]:
        """The newest problems (wall-clock time, text), oldest first."""
        with self._lock:
            return list(self._recent)
