from datetime import timedelta

import pytest

from datewise import DatewiseError, parse_duration


def test_compact_forms():
    assert parse_duration("1h30m") == timedelta(hours=1, minutes=30)
    assert parse_duration("2d4h") == timedelta(days=2, hours=4)
    assert parse_duration("1h 30m 5s") == timedelta(hours=1, minutes=30, seconds=5)
    assert parse_duration("250ms") == timedelta(milliseconds=250)
    assert parse_duration("1.5h") == timedelta(minutes=90)
    assert parse_duration("1M30S") == timedelta(seconds=90)


def test_bare_number_is_seconds():
    assert parse_duration("90") == timedelta(seconds=90)
    assert parse_duration("0.5") == timedelta(milliseconds=500)


def test_negative():
    assert parse_duration("-1h") == timedelta(hours=-1)
    assert parse_duration("-PT30M") == timedelta(minutes=-30)


def test_iso_forms():
    assert parse_duration("PT2H") == timedelta(hours=2)
    assert parse_duration("P1DT2H30M") == timedelta(days=1, hours=2, minutes=30)
    assert parse_duration("PT0.5S") == timedelta(milliseconds=500)
    assert parse_duration("P2W") == timedelta(weeks=2)
    assert parse_duration("pt1m") == timedelta(minutes=1)


def test_rejects():
    for text in ["", "-", "1x", "30m1h", "1h1h", "h", "1h30", "P", "PT", "P1DT", "P1Y", "P2M", "1 h x"]:
        with pytest.raises(DatewiseError):
            parse_duration(text)
