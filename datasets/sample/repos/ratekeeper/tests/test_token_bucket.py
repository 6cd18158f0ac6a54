import math

import pytest

from ratekeeper import ManualClock, RateLimitExceeded, TokenBucket


@pytest.fixture
def clock():
    return ManualClock()


def test_starts_full(clock):
    bucket = TokenBucket(capacity=4, refill_rate=1, clock=clock)
    assert bucket.tokens == 4


def test_burst_up_to_capacity_then_denied(clock):
    bucket = TokenBucket(capacity=3, refill_rate=1, clock=clock)
    assert [bucket.acquire().allowed for _ in range(4)] == [True, True, True, False]


def test_remaining_counts_down(clock):
    bucket = TokenBucket(capacity=3, refill_rate=1, clock=clock)
    assert bucket.acquire().remaining == 2
    assert bucket.acquire(2).remaining == 0
    bucket.reset()
    assert bucket.tokens == 3


def test_refills_over_time(clock):
    bucket = TokenBucket(capacity=2, refill_rate=2, clock=clock)
    bucket.acquire(2)
    clock.advance(0.5)
    assert bucket.tokens == 1
    assert bucket.acquire().allowed


def test_refill_never_exceeds_capacity(clock):
    bucket = TokenBucket(capacity=5, refill_rate=10, clock=clock)
    bucket.acquire(5)
    clock.advance(60)
    assert bucket.tokens == 5


def test_retry_after_when_empty(clock):
    bucket = TokenBucket(capacity=2, refill_rate=0.5, clock=clock)
    bucket.acquire(2)
    decision = bucket.acquire()
    assert not decision
    assert decision.retry_after == 2.0


def test_denied_request_takes_nothing(clock):
    bucket = TokenBucket(capacity=2, refill_rate=1, clock=clock)
    bucket.acquire(2)
    bucket.acquire()
    clock.advance(1)
    assert bucket.acquire().allowed


def test_cost_above_capacity_can_never_succeed(clock):
    bucket = TokenBucket(capacity=3, refill_rate=1, clock=clock)
    decision = bucket.acquire(4)
    assert not decision.allowed
    assert decision.retry_after == math.inf
    assert bucket.tokens == 3


def test_check_raises_with_retry_after(clock):
    bucket = TokenBucket(capacity=1, refill_rate=4, clock=clock)
    bucket.check()
    with pytest.raises(RateLimitExceeded) as info:
        bucket.check()
    assert info.value.retry_after == 0.25


def test_rejects_bad_configuration():
    for capacity, rate in [(0, 1), (-1, 1), (1, 0), (1, -2)]:
        with pytest.raises(ValueError):
            TokenBucket(capacity=capacity, refill_rate=rate)


def test_rejects_bad_cost(clock):
    bucket = TokenBucket(capacity=3, refill_rate=1, clock=clock)
    for cost, error in [(0, ValueError), (-1, ValueError), (1.5, TypeError), (True, TypeError)]:
        with pytest.raises(error):
            bucket.acquire(cost)
