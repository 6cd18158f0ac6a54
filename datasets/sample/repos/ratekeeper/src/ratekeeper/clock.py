"""Clocks.

A clock is any object with a ``now()`` method returning seconds as a float. Only
differences between readings matter, so a monotonic source is the right default.
"""

import time


class MonotonicClock:
    """The real clock: ``time.monotonic()``."""

    def now(self) -> float:
        return time.monotonic()


class ManualClock:
    """A clock that only moves when told to. Meant for tests and simulations."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = float(start)

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> float:
        """Move forward by ``seconds`` and return the new reading."""
        if seconds < 0:
            raise ValueError("a clock cannot move backwards")
        self._now += seconds
        return self._now

    def set(self, timestamp: float) -> None:
        """Jump to ``timestamp``, which must not be in the past."""
        if timestamp < self._now:
            raise ValueError("a clock cannot move backwards")
        self._now = float(timestamp)
