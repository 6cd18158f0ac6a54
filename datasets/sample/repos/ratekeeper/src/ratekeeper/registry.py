"""One limiter per key, created on demand."""

from collections import OrderedDict
from typing import Callable, Hashable, Iterator

from .algorithms.base import Limiter
from .decision import Decision
from .errors import RateLimitExceeded


class KeyedLimiter:
    """Keeps a separate limiter for each key (a user id, an IP address, ...).

    ``factory()`` builds the limiter for a key the first time that key is seen.
    At most ``max_keys`` limiters are kept; past that, the key used least recently
    is dropped (its next request starts from a fresh limiter).
    """

    def __init__(self, factory: Callable[[], Limiter], max_keys: int = 10_000) -> None:
        if max_keys <= 0:
            raise ValueError("max_keys must be positive")
        self._factory = factory
        self.max_keys = max_keys
        self._limiters = OrderedDict()

    def get(self, key: Hashable) -> Limiter:
        """The limiter for ``key``, creating it if needed."""
        limiter = self._limiters.get(key)
        if limiter is None:
            limiter = self._factory()
            self._limiters[key] = limiter
            while len(self._limiters) > self.max_keys:
                self._limiters.popitem(last=False)
        else:
            self._limiters.move_to_end(key)
        return limiter

    def acquire(self, key: Hashable, cost: int = 1) -> Decision:
        return self.get(key).acquire(cost)

    def check(self, key: Hashable, cost: int = 1) -> Decision:
        decision = self.acquire(key, cost)
        if not decision.allowed:
            raise RateLimitExceeded(decision.retry_after, key)
        return decision

    def forget(self, key: Hashable) -> bool:
        """Drop ``key``'s limiter. Returns whether there was one."""
        return self._limiters.pop(key, None) is not None

    def clear(self) -> None:
        self._limiters.clear()

    def __contains__(self, key: Hashable) -> bool:
        return key in self._limiters

    def __len__(self) -> int:
        return len(self._limiters)

    def keys(self) -> Iterator[Hashable]:
        """Keys from least to most recently used."""
        return iter(list(self._limiters))
