import pytest

from ratekeeper import ManualClock, TokenBucket


def test_bucket_can_start_empty():
    clock = ManualClock()
    bucket = TokenBucket(capacity=4, refill_rate=2, clock=clock, initial_tokens=0)
    assert bucket.tokens == 0
    decision = bucket.acquire()
    assert not decision.allowed
    assert decision.retry_after == 0.5
    clock.advance(0.5)
    assert bucket.acquire().allowed


def test_bucket_can_start_partly_full():
    clock = ManualClock()
    bucket = TokenBucket(capacity=10, refill_rate=1, clock=clock, initial_tokens=3)
    assert bucket.acquire(3).remaining == 0
    assert not bucket.acquire().allowed


def test_initial_tokens_equal_to_capacity_is_allowed():
    bucket = TokenBucket(capacity=5, refill_rate=1, clock=ManualClock(), initial_tokens=5)
    assert bucket.tokens == 5


def test_refill_from_initial_tokens_is_capped_at_capacity():
    clock = ManualClock()
    bucket = TokenBucket(capacity=4, refill_rate=1, clock=clock, initial_tokens=1)
    clock.advance(100)
    assert bucket.tokens == 4


@pytest.mark.parametrize("initial", [-1, 6, 5.5])
def test_initial_tokens_out_of_range_is_rejected(initial):
    with pytest.raises(ValueError):
        TokenBucket(capacity=5, refill_rate=1, clock=ManualClock(), initial_tokens=initial)


def test_reset_fills_to_capacity_not_initial_tokens():
    clock = ManualClock()
    bucket = TokenBucket(capacity=3, refill_rate=1, clock=clock, initial_tokens=1)
    bucket.reset()
    assert bucket.tokens == 3
