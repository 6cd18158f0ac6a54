from datetime import timedelta

import pytest

from datewise import DatewiseError, parse_duration


def test_weeks_alone():
    assert parse_duration("2w") == timedelta(weeks=2)
    assert parse_duration("1W") == timedelta(days=7)


def test_weeks_with_smaller_units():
    assert parse_duration("1w2d3h") == timedelta(days=9, hours=3)
    assert parse_duration("1w 30m") == timedelta(days=7, minutes=30)
    assert parse_duration("1.5w") == timedelta(days=10, hours=12)


def test_negative_weeks():
    assert parse_duration("-1w") == timedelta(days=-7)


def test_weeks_must_come_first_and_once():
    assert parse_duration("3w") == timedelta(days=21)
    for text in ["3d1w", "1w1w", "2h1w"]:
        with pytest.raises(DatewiseError):
            parse_duration(text)
