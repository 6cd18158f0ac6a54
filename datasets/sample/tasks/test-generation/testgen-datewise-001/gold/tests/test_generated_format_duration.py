from datetime import timedelta

import pytest

from datewise import format_duration, parse_duration

CASES = [
    (timedelta(0), "0s"),
    (timedelta(seconds=1), "1s"),
    (timedelta(minutes=1), "1m"),
    (timedelta(hours=1, minutes=30), "1h30m"),
    (timedelta(days=2, seconds=5), "2d5s"),
    (timedelta(days=1, hours=2, minutes=3, seconds=4), "1d2h3m4s"),
    (timedelta(hours=26), "1d2h"),
    (timedelta(days=400), "400d"),
    (timedelta(minutes=-90), "-1h30m"),
    (timedelta(seconds=-1), "-1s"),
    (timedelta(days=-1), "-1d"),
    (timedelta(milliseconds=250), "250ms"),
    (timedelta(milliseconds=-250), "-250ms"),
    (timedelta(seconds=1, milliseconds=500), "1.5s"),
    (timedelta(seconds=2, milliseconds=50), "2.05s"),
    (timedelta(microseconds=1500), "0.0015s"),
    (timedelta(microseconds=1), "0.000001s"),
    (timedelta(minutes=1, milliseconds=500), "1m0.5s"),
    (timedelta(days=1, microseconds=10), "1d0.00001s"),
]


@pytest.mark.parametrize("delta, expected", CASES, ids=[c[1] for c in CASES])
def test_format_duration(delta, expected):
    assert format_duration(delta) == expected


@pytest.mark.parametrize("delta", [c[0] for c in CASES], ids=[c[1] for c in CASES])
def test_round_trip(delta):
    assert parse_duration(format_duration(delta)) == delta
