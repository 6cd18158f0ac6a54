"""Reproduce: adding/subtracting months crashes at the end of a month."""
import os
import sys
from datetime import datetime

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "src"))

from datewise import parse_relative  # noqa: E402

CASES = [
    ("1 month ago", datetime(2024, 3, 31, 12, 0), datetime(2024, 2, 29, 12, 0)),
    ("in 1 month", datetime(2023, 1, 31, 9, 30), datetime(2023, 2, 28, 9, 30)),
]

for phrase, now, expected in CASES:
    try:
        got = parse_relative(phrase, now=now)
    except ValueError as exc:
        raise AssertionError(f"{phrase!r} at {now}: raised {exc!r}") from exc
    assert got == expected, f"{phrase!r} at {now}: got {got}, expected {expected}"

print("ok")
