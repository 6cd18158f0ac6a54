"""Exceptions raised by ratekeeper."""

from typing import Hashable, Optional


class RateLimitExceeded(Exception):
    """Raised by ``check()`` when a request is denied."""

    def __init__(self, retry_after: float, key: Optional[Hashable] = None) -> None:
        self.retry_after = retry_after
        self.key = key
        where = f" for {key!r}" if key is not None else ""
        super().__init__(f"rate limit exceeded{where}; retry after {retry_after:.3f}s")
