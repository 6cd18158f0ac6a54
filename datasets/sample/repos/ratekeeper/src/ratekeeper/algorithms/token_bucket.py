"""Token bucket: bursts up to ``capacity``, then ``refill_rate`` units per second."""

import math

from ..decision import Decision
from .base import Limiter, validate_cost


class TokenBucket(Limiter):
    """A bucket holding up to ``capacity`` tokens, refilled continuously.

    The bucket starts full. Each request takes ``cost`` tokens; a request for more
    tokens than the bucket holds right now is denied and takes nothing.
    """

    def __init__(self, capacity: int, refill_rate: float, clock=None) -> None:
        super().__init__(clock)
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        if refill_rate <= 0:
            raise ValueError("refill_rate must be positive")
        self.capacity = capacity
        self.refill_rate = float(refill_rate)
        self._tokens = float(capacity)
        self._updated = self._clock.now()

    def _refill(self) -> None:
        now = self._clock.now()
        elapsed = now - self._updated
        if elapsed > 0:
            self._tokens = min(float(self.capacity), self._tokens + elapsed * self.refill_rate)
            self._updated = now

    @property
    def tokens(self) -> float:
        """Tokens available right now (fractional)."""
        self._refill()
        return self._tokens

    def _wait_for(self, cost: int) -> float:
        """Seconds until ``cost`` tokens will be available."""
        missing = cost - self._tokens
        return max(0.0, missing / self.refill_rate)

    def acquire(self, cost: int = 1) -> Decision:
        validate_cost(cost)
        self._refill()
        if cost > self.capacity:
            return Decision(False, int(self._tokens), math.inf)
        if self._tokens >= cost:
            self._tokens -= cost
            return Decision(True, int(self._tokens), 0.0)
        return Decision(False, int(self._tokens), self._wait_for(cost))

    def reset(self) -> None:
        """Refill the bucket completely."""
        self._tokens = float(self.capacity)
        self._updated = self._clock.now()
