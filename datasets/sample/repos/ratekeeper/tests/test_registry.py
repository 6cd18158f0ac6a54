import pytest

from ratekeeper import KeyedLimiter, ManualClock, RateLimitExceeded, TokenBucket


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def registry(clock):
    return KeyedLimiter(lambda: TokenBucket(capacity=2, refill_rate=1, clock=clock), max_keys=3)


def test_keys_are_limited_independently(registry):
    assert registry.acquire("alice", 2).allowed
    assert not registry.acquire("alice").allowed
    assert registry.acquire("bob").allowed


def test_same_key_gets_same_limiter(registry):
    assert registry.get("alice") is registry.get("alice")
    assert len(registry) == 1


def test_oldest_key_evicted_past_max_keys(registry):
    for key in ["a", "b", "c", "d"]:
        registry.get(key)
    assert len(registry) == 3
    assert "a" not in registry
    assert "d" in registry


def test_evicted_key_starts_fresh(registry):
    registry.acquire("a", 2)
    for key in ["b", "c", "d"]:
        registry.get(key)
    assert registry.acquire("a", 2).allowed


def test_check_raises_with_key(registry):
    registry.check("carol", 2)
    with pytest.raises(RateLimitExceeded) as info:
        registry.check("carol")
    assert info.value.key == "carol"
    assert "carol" in str(info.value)


def test_forget_and_clear(registry):
    registry.get("a")
    registry.get("b")
    assert registry.forget("a") is True
    assert registry.forget("a") is False
    registry.clear()
    assert len(registry) == 0
    with pytest.raises(ValueError):
        KeyedLimiter(lambda: None, max_keys=0)
