import pytest

from ratekeeper import ManualClock, MonotonicClock


def test_manual_clock_starts_where_told():
    assert ManualClock().now() == 0.0
    assert ManualClock(start=12.5).now() == 12.5


def test_manual_clock_advance_returns_new_time():
    clock = ManualClock()
    assert clock.advance(1.5) == 1.5
    assert clock.advance(0.25) == 1.75
    assert clock.now() == 1.75


def test_manual_clock_refuses_to_go_backwards():
    clock = ManualClock(start=10)
    with pytest.raises(ValueError):
        clock.advance(-1)
    with pytest.raises(ValueError):
        clock.set(9)
    clock.set(20)
    assert clock.now() == 20
    first = MonotonicClock().now()
    assert MonotonicClock().now() >= first
