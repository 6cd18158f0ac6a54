"""Sliding-window log: at most ``limit`` units in any ``window`` seconds."""

import math
from collections import deque

from ..decision import Decision
from .base import Limiter, validate_cost


class SlidingWindowLog(Limiter):
    """Exact sliding window, keeping one timestamp per unit taken.

    A unit taken at time ``t`` counts against the limit while ``now < t + window``
    and is forgotten from ``t + window`` on. Denied requests are not recorded.
    """

    def __init__(self, limit: int, window: float, clock=None) -> None:
        super().__init__(clock)
        if limit <= 0:
            raise ValueError("limit must be positive")
        if window <= 0:
            raise ValueError("window must be positive")
        self.limit = limit
        self.window = float(window)
        self._log = deque()

    def _evict(self, now: float) -> None:
        cutoff = now - self.window
        while self._log and self._log[0] <= cutoff:
            self._log.popleft()

    @property
    def remaining(self) -> int:
        self._evict(self._clock.now())
        return self.limit - len(self._log)

    def _retry_after(self, now: float, cost: int) -> float:
        # The oldest `excess` entries must expire before `cost` more units fit.
        excess = len(self._log) + cost - self.limit
        frees_at = self._log[excess - 1] + self.window
        return max(0.0, frees_at - now)

    def acquire(self, cost: int = 1) -> Decision:
        validate_cost(cost)
        now = self._clock.now()
        self._evict(now)
        used = len(self._log)
        if cost > self.limit:
            return Decision(False, self.limit - used, math.inf)
        if used + cost <= self.limit:
            self._log.extend([now] * cost)
            return Decision(True, self.limit - used - cost, 0.0)
        return Decision(False, self.limit - used, self._retry_after(now, cost))

    def reset(self) -> None:
        self._log.clear()
