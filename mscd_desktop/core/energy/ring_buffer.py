"""Fixed-size ring buffers for live readings, with a guard against floods of input.

A live chart shows up to a whole day of readings per channel (172,800 points at 2 Hz)
and must never grow without bound. :class:`RingBuffer` keeps a fixed number of samples
per channel in numpy arrays twice as long as the capacity and writes every sample twice
(at ``i`` and ``i + capacity``), so the newest samples are always one contiguous slice:
:meth:`RingBuffer.view` returns numpy views, no copy, ready for ``setData``. x stays
float64 (Unix seconds need it).

:class:`FloodGuard` counts samples per second of reading time and refuses the excess when
a source sends much faster than its channel's expected rate, so a runaway device cannot
push the day's history out of the buffer in minutes; it says so through ``flooding``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

#: A whole day at 2 Hz, the default capacity of a live channel.
DAY_AT_2HZ = 24 * 3600 * 2


class RingBuffer:
    """The newest *capacity* samples of one channel: x (time) and one or more y columns.

    Samples must arrive in time order: one older than the newest kept sample (or with a
    NaN time) is refused and counted in ``out_of_order``, since the chart's clip-to-view
    relies on sorted x.
    """

    __slots__ = (
        "_capacity",
        "_count",
        "_head",
        "_last",
        "_x",
        "_y",
        "_y0",
        "columns",
        "out_of_order",
    )

    def __init__(self, capacity: int, columns: int = 1) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        if columns < 1:
            raise ValueError("columns must be at least 1")
        self._capacity = capacity
        self.columns = columns
        self._x = np.zeros(2 * capacity, dtype=np.float64)
        self._y = np.zeros((columns, 2 * capacity), dtype=np.float64)
        self._y0 = self._y[0]  # the first column, for the fast one-column path
        self._head = 0  # where the next sample goes, 0 <= head < capacity
        self._count = 0
        self._last = -math.inf  # time of the newest sample, as a Python float
        self.out_of_order = 0

    @property
    def capacity(self) -> int:
        """How many samples the buffer keeps."""
        return self._capacity

    def __len__(self) -> int:
        return self._count

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays (fixed for the buffer's life)."""
        return self._x.nbytes + self._y.nbytes

    def last_x(self) -> float | None:
        """Time of the newest sample, or None while empty."""
        return self._last if self._count else None

    def append(self, x: float, *ys: float) -> bool:
        """Add one sample; False (and nothing stored) if it is older than the newest one."""
        if len(ys) != self.columns:
            raise ValueError(f"expected {self.columns} y values, got {len(ys)}")
        if not x >= self._last:  # also refuses NaN
            self.out_of_order += 1
            return False
        head, cap = self._head, self._capacity
        xs = self._x
        xs[head] = xs[head + cap] = x
        if self.columns == 1:
            y0 = self._y0
            y0[head] = y0[head + cap] = ys[0]
        else:
            y = self._y
            y[:, head] = y[:, head + cap] = ys
        self._last = x
        self._head = head + 1 if head + 1 < cap else 0
        if self._count < cap:
            self._count += 1
        return True

    def extend(self, x: np.ndarray, y: np.ndarray) -> int:
        """Add many samples at once (x: shape (n,), y: shape (n,) or (columns, n)).

        Samples out of time order are dropped. Returns how many were stored.
        """
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64).reshape(self.columns, -1)
        if y.shape[1] != x.shape[0]:
            raise ValueError("x and y must hold the same number of samples")
        keep = self._in_order_mask(x)
        if not keep.all():
            self.out_of_order += int((~keep).sum())
            x, y = x[keep], y[:, keep]
        cap = self._capacity
        if x.shape[0] > cap:
            x, y = x[-cap:], y[:, -cap:]
        n = int(x.shape[0])
        if n == 0:
            return 0
        idx = (self._head + np.arange(n)) % cap
        self._x[idx] = x
        self._x[idx + cap] = x
        self._y[:, idx] = y
        self._y[:, idx + cap] = y
        self._last = float(x[-1])
        self._head = int((self._head + n) % cap)
        self._count = min(self._count + n, cap)
        return n

    def _in_order_mask(self, x: np.ndarray) -> np.ndarray:
        """True for each sample not older than every sample before it (and the buffer's)."""
        start = self.last_x()
        floor = -math.inf if start is None else start
        running = np.fmax.accumulate(np.concatenate(([floor], x)))[:-1]
        return x >= running

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        """(x, y) of every kept sample, oldest first, as views into the buffer (no copy).

        y has shape (n,) for a one-column buffer, else (columns, n). The views are
        overwritten by later appends: copy them to keep them.
        """
        end = self._head + self._capacity
        start = end - self._count
        x = self._x[start:end]
        y = self._y[0, start:end] if self.columns == 1 else self._y[:, start:end]
        return x, y

    def since(self, t0: float) -> tuple[np.ndarray, np.ndarray]:
        """Like :meth:`view`, only the samples at or after time *t0* (still no copy)."""
        x, y = self.view()
        i = int(np.searchsorted(x, t0, side="left"))
        return x[i:], (y[i:] if y.ndim == 1 else y[:, i:])

    def clear(self) -> None:
        """Forget every sample (the arrays are kept)."""
        self._head = 0
        self._count = 0


@dataclass(slots=True)
class FloodGuard:
    """Refuses samples that arrive much faster than a channel's expected rate.

    Samples are counted per whole second of their own timestamp; in any second more than
    ``expected_hz * tolerance`` (at least ``minimum``) are refused and ``flooding`` turns
    True until a calm second comes again. ``dropped`` counts what was refused.
    """

    expected_hz: float
    tolerance: float = 3.0
    minimum: int = 5
    dropped: int = 0
    flooding: bool = False
    _second: float = -math.inf
    _count: int = 0
    _flooded_second: bool = False

    @property
    def limit(self) -> int:
        """Most samples accepted in one second."""
        return max(self.minimum, math.ceil(self.expected_hz * self.tolerance))

    def admit(self, ts: float) -> bool:
        """Count one sample at time *ts*; True to keep it, False when it floods."""
        second = math.floor(ts)
        if second != self._second:
            # A new second: the previous one decides whether we are still flooding.
            self.flooding = self._flooded_second and second == self._second + 1
            self._second, self._count, self._flooded_second = second, 0, False
        self._count += 1
        if self._count > self.limit:
            self._flooded_second = True
            self.flooding = True
            self.dropped += 1
            return False
        return True
