"""ratekeeper: small rate limiters with an injectable clock."""

from .algorithms import FixedWindow, Limiter, SlidingWindowLog, TokenBucket
from .clock import ManualClock, MonotonicClock
from .decision import Decision
from .errors import RateLimitExceeded
from .headers import to_headers
from .registry import KeyedLimiter

__all__ = [
    "Decision",
    "FixedWindow",
    "KeyedLimiter",
    "Limiter",
    "ManualClock",
    "MonotonicClock",
    "RateLimitExceeded",
    "SlidingWindowLog",
    "TokenBucket",
    "to_headers",
]

__version__ = "0.3.0"
