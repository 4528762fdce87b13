"""The wait before the next automatic sync attempt grows with each failure, is jittered so
that a cluster's laptops do not all retry at once, and never exceeds ten minutes."""

from __future__ import annotations

import random

from mscd_desktop.core.sync.status import BASE_DELAY_S, MAX_DELAY_S, backoff_delay


def test_no_failure_means_no_wait():
    assert backoff_delay(0) == 0.0
    assert backoff_delay(-3) == 0.0


def test_the_wait_doubles_with_each_failure_within_its_jitter():
    rng = random.Random(7)
    for failures in range(1, 6):
        ceiling = BASE_DELAY_S * 2 ** (failures - 1)
        waits = [backoff_delay(failures, rng) for _ in range(200)]
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits), failures
        assert max(waits) - min(waits) > ceiling / 4  # jittered, not one fixed value


def test_the_wait_stops_growing_at_ten_minutes_however_long_the_outage():
    rng = random.Random(11)
    for failures in (7, 8, 20, 1_000, 10**9):
        wait = backoff_delay(failures, rng)
        assert MAX_DELAY_S / 2 <= wait <= MAX_DELAY_S == 600.0


def test_two_laptops_failing_together_retry_at_different_moments():
    first, second = random.Random(1), random.Random(2)
    assert backoff_delay(4, first) != backoff_delay(4, second)
