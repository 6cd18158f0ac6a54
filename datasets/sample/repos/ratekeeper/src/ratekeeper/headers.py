"""Turn a decision into HTTP response headers."""

import math
from typing import Dict

from .decision import Decision


def to_headers(decision: Decision, limit: int) -> Dict[str, str]:
    """Return ``RateLimit-Limit``/``RateLimit-Remaining`` and, when denied, ``Retry-After``.

    ``Retry-After`` is a whole number of seconds, rounded up so that a client that
    honours it is never early. A request that can never succeed gets no
    ``Retry-After`` at all (waiting would not help).
    """
    headers = {
        "RateLimit-Limit": str(limit),
        "RateLimit-Remaining": str(max(0, decision.remaining)),
    }
    if not decision.allowed and math.isfinite(decision.retry_after):
        headers["Retry-After"] = str(max(1, math.ceil(decision.retry_after)))
    return headers
