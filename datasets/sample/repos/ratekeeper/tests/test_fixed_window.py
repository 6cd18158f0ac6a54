import math

import pytest

from ratekeeper import FixedWindow, ManualClock


@pytest.fixture
def clock():
    return ManualClock()


def test_limit_per_window(clock):
    limiter = FixedWindow(limit=3, window=60, clock=clock)
    assert [limiter.acquire().allowed for _ in range(4)] == [True, True, True, False]


def test_counter_resets_at_window_boundary(clock):
    limiter = FixedWindow(limit=2, window=60, clock=clock)
    clock.set(59)
    limiter.acquire(2)
    assert not limiter.acquire().allowed
    clock.set(60)
    assert limiter.acquire().allowed
    assert limiter.remaining == 1


def test_retry_after_is_time_to_next_window(clock):
    limiter = FixedWindow(limit=1, window=60, clock=clock)
    clock.set(45)
    limiter.acquire()
    decision = limiter.acquire()
    assert not decision.allowed
    assert decision.retry_after == 15


def test_windows_align_to_origin(clock):
    limiter = FixedWindow(limit=1, window=10, clock=clock, origin=5)
    clock.set(14)
    limiter.acquire()
    assert limiter.acquire().retry_after == 1
    clock.set(15)
    assert limiter.acquire().allowed


def test_multi_unit_cost_within_limit(clock):
    limiter = FixedWindow(limit=5, window=60, clock=clock)
    assert limiter.acquire(2).remaining == 3
    assert limiter.acquire(3).remaining == 0
    assert not limiter.acquire().allowed


def test_cost_above_limit_is_never_allowed(clock):
    limiter = FixedWindow(limit=3, window=60, clock=clock)
    decision = limiter.acquire(4)
    assert not decision.allowed
    assert decision.retry_after == math.inf


def test_reset_and_bad_configuration(clock):
    limiter = FixedWindow(limit=2, window=60, clock=clock)
    limiter.acquire(2)
    limiter.reset()
    assert limiter.remaining == 2
    with pytest.raises(ValueError):
        FixedWindow(limit=0, window=1)
    with pytest.raises(ValueError):
        FixedWindow(limit=1, window=0)
