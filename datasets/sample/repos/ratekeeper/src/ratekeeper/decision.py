"""The result of asking a limiter for permission."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    """Whether a request may proceed.

    ``remaining`` is how many units could still be taken right now (after this
    request, when it was allowed). ``retry_after`` is how many seconds to wait
    before the same request would be allowed: 0.0 when allowed, ``math.inf``
    when it never can be (the cost exceeds the limiter's size).
    """

    allowed: bool
    remaining: int
    retry_after: float = 0.0

    def __bool__(self) -> bool:
        return self.allowed
