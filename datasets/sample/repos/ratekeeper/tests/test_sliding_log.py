import math

import pytest

from ratekeeper import ManualClock, SlidingWindowLog


@pytest.fixture
def clock():
    return ManualClock(start=100.0)


def test_allows_exactly_limit_in_window(clock):
    limiter = SlidingWindowLog(limit=3, window=10, clock=clock)
    results = [limiter.acquire().allowed for _ in range(4)]
    assert results == [True, True, True, False]


def test_remaining_after_each_request(clock):
    limiter = SlidingWindowLog(limit=3, window=10, clock=clock)
    assert limiter.acquire().remaining == 2
    assert limiter.acquire().remaining == 1
    assert limiter.acquire().remaining == 0


def test_multi_unit_cost_takes_that_many_slots(clock):
    limiter = SlidingWindowLog(limit=5, window=10, clock=clock)
    assert limiter.acquire(3).remaining == 2
    assert limiter.remaining == 2
    assert not limiter.acquire(3).allowed
    assert limiter.acquire(2).allowed


def test_entry_expires_exactly_one_window_later(clock):
    limiter = SlidingWindowLog(limit=1, window=10, clock=clock)
    limiter.acquire()
    clock.advance(9.5)
    assert not limiter.acquire().allowed
    clock.advance(0.5)
    assert limiter.acquire().allowed


def test_window_slides_instead_of_resetting(clock):
    limiter = SlidingWindowLog(limit=2, window=10, clock=clock)
    limiter.acquire()
    clock.advance(6)
    limiter.acquire()
    clock.advance(6)
    # the first entry has left the window, the second has not
    assert limiter.remaining == 1
    assert limiter.acquire().allowed
    assert not limiter.acquire().allowed


def test_remaining_recovers_after_window(clock):
    limiter = SlidingWindowLog(limit=2, window=5, clock=clock)
    limiter.acquire(2)
    assert limiter.remaining == 0
    clock.advance(5)
    assert limiter.remaining == 2


def test_retry_after_single_unit(clock):
    limiter = SlidingWindowLog(limit=2, window=10, clock=clock)
    limiter.acquire()
    clock.advance(4)
    limiter.acquire()
    clock.advance(1)
    decision = limiter.acquire()
    assert not decision.allowed
    assert decision.retry_after == 5.0


def test_retry_after_waits_for_enough_entries_to_expire(clock):
    limiter = SlidingWindowLog(limit=3, window=10, clock=clock)
    limiter.acquire()
    clock.advance(2)
    limiter.acquire()
    clock.advance(2)
    limiter.acquire()
    decision = limiter.acquire(2)
    assert not decision.allowed
    # the two oldest entries (t=100, t=102) must expire: at t=112, now is 104
    assert decision.retry_after == 8.0


def test_denied_requests_are_not_recorded(clock):
    limiter = SlidingWindowLog(limit=1, window=10, clock=clock)
    limiter.acquire()
    clock.advance(5)
    assert not limiter.acquire().allowed
    clock.advance(5)
    assert limiter.acquire().allowed


def test_cost_above_limit_is_never_allowed(clock):
    limiter = SlidingWindowLog(limit=2, window=10, clock=clock)
    decision = limiter.acquire(3)
    assert not decision.allowed
    assert decision.retry_after == math.inf
    assert decision.remaining == 2


def test_reset_clears_log(clock):
    limiter = SlidingWindowLog(limit=2, window=10, clock=clock)
    limiter.acquire(2)
    limiter.reset()
    assert limiter.remaining == 2


def test_rejects_bad_configuration():
    for limit, window in [(0, 1), (1, 0), (-3, 5)]:
        with pytest.raises(ValueError):
            SlidingWindowLog(limit=limit, window=window)
