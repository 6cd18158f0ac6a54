from ratekeeper import ManualClock, TokenBucket


def test_retry_after_accounts_for_tokens_already_refilled():
    clock = ManualClock()
    bucket = TokenBucket(capacity=10, refill_rate=2, clock=clock)
    assert bucket.acquire(10).allowed
    clock.advance(1)  # two tokens back in the bucket
    decision = bucket.acquire(5)
    assert not decision.allowed
    # three more tokens are needed, at two per second
    assert decision.retry_after == 1.5


def test_waiting_retry_after_is_enough_and_not_more():
    clock = ManualClock()
    bucket = TokenBucket(capacity=1, refill_rate=1, clock=clock)
    bucket.acquire()
    clock.advance(0.75)
    decision = bucket.acquire()
    assert decision.retry_after == 0.25
    clock.advance(decision.retry_after)
    assert bucket.acquire().allowed
