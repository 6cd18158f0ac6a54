"""Fixed window: at most ``limit`` units per window aligned to ``origin``."""

import math

from ..decision import Decision
from .base import Limiter, validate_cost


class FixedWindow(Limiter):
    """Counts units in consecutive windows ``[origin + k*window, origin + (k+1)*window)``.

    Cheap and simple; allows up to ``2 * limit`` units across a window boundary.
    """

    def __init__(self, limit: int, window: float, clock=None, origin: float = 0.0) -> None:
        super().__init__(clock)
        if limit <= 0:
            raise ValueError("limit must be positive")
        if window <= 0:
            raise ValueError("window must be positive")
        self.limit = limit
        self.window = float(window)
        self.origin = float(origin)
        self._window_start = None
        self._count = 0

    def _roll(self, now: float) -> None:
        index = math.floor((now - self.origin) / self.window)
        start = self.origin + index * self.window
        if start != self._window_start:
            self._window_start = start
            self._count = 0

    @property
    def remaining(self) -> int:
        self._roll(self._clock.now())
        return self.limit - self._count

    def acquire(self, cost: int = 1) -> Decision:
        validate_cost(cost)
        now = self._clock.now()
        self._roll(now)
        if cost > self.limit:
            return Decision(False, self.limit - self._count, math.inf)
        if self._count + cost <= self.limit:
            self._count += cost
            return Decision(True, self.limit - self._count, 0.0)
        retry_after = self._window_start + self.window - now
        return Decision(False, self.limit - self._count, retry_after)

    def reset(self) -> None:
        self._count = 0
