"""What every limiter shares."""

from typing import Optional

from ..clock import MonotonicClock
from ..decision import Decision
from ..errors import RateLimitExceeded


def validate_cost(cost: int) -> None:
    if not isinstance(cost, int) or isinstance(cost, bool):
        raise TypeError("cost must be an int")
    if cost <= 0:
        raise ValueError("cost must be positive")


class Limiter:
    """Base class. Subclasses implement ``acquire`` and ``reset``."""

    def __init__(self, clock=None) -> None:
        self._clock = clock if clock is not None else MonotonicClock()

    @property
    def clock(self):
        return self._clock

    def acquire(self, cost: int = 1) -> Decision:  # pragma: no cover - abstract
        raise NotImplementedError

    def reset(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def check(self, cost: int = 1, key: Optional[object] = None) -> Decision:
        """Like ``acquire`` but raise ``RateLimitExceeded`` when denied."""
        decision = self.acquire(cost)
        if not decision.allowed:
            raise RateLimitExceeded(decision.retry_after, key)
        return decision
