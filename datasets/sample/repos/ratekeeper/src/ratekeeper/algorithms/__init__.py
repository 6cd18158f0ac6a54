"""The limiting algorithms."""

from .base import Limiter
from .fixed_window import FixedWindow
from .sliding_log import SlidingWindowLog
from .token_bucket import TokenBucket

__all__ = ["FixedWindow", "Limiter", "SlidingWindowLog", "TokenBucket"]
