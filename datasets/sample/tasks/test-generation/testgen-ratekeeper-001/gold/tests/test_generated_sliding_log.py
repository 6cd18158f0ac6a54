import math

import pytest

from ratekeeper import ManualClock, SlidingWindowLog


def make(limit=3, window=10.0, start=0.0):
    clock = ManualClock(start=start)
    return SlidingWindowLog(limit=limit, window=window, clock=clock), clock


def test_limit_units_fit_in_one_window():
    limiter, _ = make(limit=4)
    decisions = [limiter.acquire() for _ in range(5)]
    assert [d.allowed for d in decisions] == [True, True, True, True, False]
    assert [d.remaining for d in decisions[:4]] == [3, 2, 1, 0]


def test_cost_equal_to_limit_is_allowed_on_empty_log():
    limiter, _ = make(limit=3)
    decision = limiter.acquire(3)
    assert decision.allowed
    assert decision.remaining == 0


def test_cost_takes_that_many_units():
    limiter, _ = make(limit=5)
    limiter.acquire(3)
    assert limiter.remaining == 2
    assert not limiter.acquire(3).allowed
    assert limiter.acquire(2).allowed


def test_unit_counts_until_exactly_one_window_later():
    limiter, clock = make(limit=1, window=10.0, start=50.0)
    limiter.acquire()
    clock.set(59.75)
    assert not limiter.acquire().allowed
    clock.set(60.0)
    assert limiter.acquire().allowed


def test_remaining_property_forgets_expired_units():
    limiter, clock = make(limit=3, window=4.0)
    limiter.acquire(3)
    assert limiter.remaining == 0
    clock.advance(4.0)
    assert limiter.remaining == 3


def test_retry_after_for_single_unit_is_oldest_expiry():
    limiter, clock = make(limit=2, window=10.0)
    limiter.acquire()
    clock.advance(3)
    limiter.acquire()
    clock.advance(1)
    decision = limiter.acquire()
    assert not decision.allowed
    assert decision.retry_after == 6.0
    assert decision.remaining == 0


def test_retry_after_for_multi_unit_cost_waits_for_enough_expiries():
    limiter, clock = make(limit=4, window=10.0)
    for _ in range(4):
        limiter.acquire()
        clock.advance(1)
    # entries at t=0,1,2,3; now t=4; a cost of 3 needs the three oldest gone (t=2 expires at 12)
    decision = limiter.acquire(3)
    assert not decision.allowed
    assert decision.retry_after == 8.0
    clock.advance(decision.retry_after)
    assert limiter.acquire(3).allowed


def test_denied_request_leaves_log_unchanged():
    limiter, clock = make(limit=2, window=10.0)
    limiter.acquire(2)
    clock.advance(9)
    assert not limiter.acquire().allowed
    clock.advance(1)
    assert limiter.remaining == 2


def test_cost_above_limit_is_denied_forever():
    limiter, _ = make(limit=2)
    limiter.acquire()
    decision = limiter.acquire(3)
    assert not decision.allowed
    assert decision.retry_after == math.inf
    assert decision.remaining == 1


def test_reset_empties_the_log():
    limiter, _ = make(limit=2)
    limiter.acquire(2)
    limiter.reset()
    assert limiter.acquire(2).allowed


@pytest.mark.parametrize("limit, window", [(0, 1.0), (2, 0.0), (-1, 1.0), (2, -5.0)])
def test_bad_configuration_is_rejected(limit, window):
    with pytest.raises(ValueError):
        SlidingWindowLog(limit=limit, window=window, clock=ManualClock())
