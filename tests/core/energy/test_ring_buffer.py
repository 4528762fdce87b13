"""The live chart's ring buffer keeps a fixed window, returns views, and guards floods."""

from __future__ import annotations

import numpy as np
import pytest

from mscd_desktop.core.energy.ring_buffer import DAY_AT_2HZ, FloodGuard, RingBuffer


def test_buffer_returns_samples_oldest_first_before_it_is_full():
    buf = RingBuffer(5)
    for t in range(3):
        buf.append(float(t), t * 10.0)
    x, y = buf.view()
    assert x.tolist() == [0.0, 1.0, 2.0]
    assert y.tolist() == [0.0, 10.0, 20.0]
    assert len(buf) == 3


def test_buffer_keeps_only_the_newest_samples_when_it_wraps():
    buf = RingBuffer(4)
    for t in range(11):
        buf.append(float(t), float(t) * 2)
    x, y = buf.view()
    assert x.tolist() == [7.0, 8.0, 9.0, 10.0]
    assert y.tolist() == [14.0, 16.0, 18.0, 20.0]
    assert len(buf) == 4


def test_view_is_contiguous_and_shares_memory_with_the_buffer():
    buf = RingBuffer(1000)
    for t in range(2500):
        buf.append(float(t), 1.0)
    x, y = buf.view()
    assert x.flags["C_CONTIGUOUS"] and y.flags["C_CONTIGUOUS"]
    assert np.shares_memory(x, buf._x)
    assert x.dtype == np.float64


def test_memory_stays_fixed_however_many_samples_arrive():
    buf = RingBuffer(100)
    before = buf.nbytes
    buf.extend(np.arange(10_000, dtype=float), np.ones(10_000))
    assert buf.nbytes == before
    assert len(buf) == 100


def test_extend_matches_one_by_one_appends_across_the_wrap():
    rng = np.random.default_rng(7)
    one, bulk = RingBuffer(50, columns=2), RingBuffer(50, columns=2)
    t = 0.0
    for size in (13, 40, 1, 77, 29):
        xs = t + np.arange(size, dtype=float)
        ys = rng.normal(size=(2, size))
        t += size
        for i in range(size):
            one.append(xs[i], ys[0, i], ys[1, i])
        bulk.extend(xs, ys)
        np.testing.assert_array_equal(one.view()[0], bulk.view()[0])
        np.testing.assert_array_equal(one.view()[1], bulk.view()[1])


def test_samples_older_than_the_newest_are_refused_and_counted():
    buf = RingBuffer(10)
    assert buf.append(5.0, 1.0)
    assert not buf.append(4.0, 1.0)
    stored = buf.extend(np.array([6.0, 3.0, 7.0]), np.array([1.0, 2.0, 3.0]))
    assert stored == 2
    assert buf.view()[0].tolist() == [5.0, 6.0, 7.0]
    assert buf.out_of_order == 2


def test_since_returns_only_the_recent_window():
    buf = RingBuffer(100)
    buf.extend(np.arange(100, dtype=float), np.arange(100, dtype=float))
    x, y = buf.since(90.0)
    assert x[0] == 90.0 and len(x) == 10 and y[-1] == 99.0


def test_a_day_at_two_hertz_fits_and_wraps_cleanly():
    buf = RingBuffer(DAY_AT_2HZ)
    n = DAY_AT_2HZ + 1000
    buf.extend(np.arange(n) * 0.5, np.arange(n, dtype=float))
    x, _ = buf.view()
    assert len(x) == DAY_AT_2HZ
    assert x[0] == 500.0 and x[-1] == (n - 1) * 0.5
    assert np.all(np.diff(x) > 0)


def test_wrong_number_of_columns_is_an_error():
    with pytest.raises(ValueError):
        RingBuffer(3, columns=2).append(1.0, 2.0)


def test_flood_guard_passes_the_expected_rate():
    guard = FloodGuard(expected_hz=2)
    accepted = [guard.admit(t * 0.5) for t in range(120)]
    assert all(accepted)
    assert not guard.flooding and guard.dropped == 0


def test_flood_guard_refuses_a_burst_and_says_so_then_recovers():
    guard = FloodGuard(expected_hz=2, tolerance=3)
    burst = [guard.admit(10.0 + i / 1000) for i in range(100)]
    assert sum(burst) == guard.limit == 6
    assert guard.flooding and guard.dropped == 94
    guard.admit(11.0)  # a calm second
    guard.admit(12.0)
    assert not guard.flooding


def test_a_sample_without_a_valid_time_is_refused():
    buf = RingBuffer(10)
    buf.append(1.0, 1.0)
    assert not buf.append(float("nan"), 1.0)
    assert buf.extend(np.array([np.nan, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])) == 2
    assert buf.view()[0].tolist() == [1.0, 2.0, 3.0]
