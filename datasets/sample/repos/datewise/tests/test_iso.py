from datetime import date, datetime, time, timedelta, timezone

import pytest

from datewise import DatewiseError, format_datetime, parse_date, parse_datetime, parse_time


def test_parse_date_extended_and_basic():
    assert parse_date("2024-03-05") == date(2024, 3, 5)
    assert parse_date(" 20240305 ") == date(2024, 3, 5)


def test_parse_date_leap_day():
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date("2000-02-29") == date(2000, 2, 29)


def test_parse_date_rejects():
    for text in ["2023-02-29", "1900-02-29", "2024-13-01", "2024-04-31", "2024-3-5", "2024-0305", "x"]:
        with pytest.raises(DatewiseError):
            parse_date(text)


def test_parse_time_forms():
    assert parse_time("14:30") == time(14, 30)
    assert parse_time("14:30:15") == time(14, 30, 15)
    assert parse_time("14:30:15.123456") == time(14, 30, 15, 123456)
    assert parse_time("14:30:15,123456789") == time(14, 30, 15, 123456)


def test_parse_time_rejects_out_of_range():
    for text in ["24:00", "12:60", "12:00:60", "7:05"]:
        with pytest.raises(DatewiseError):
            parse_time(text)


def test_parse_datetime_naive_and_space_separator():
    assert parse_datetime("2024-03-05T14:30") == datetime(2024, 3, 5, 14, 30)
    assert parse_datetime("2024-03-05 14:30:01") == datetime(2024, 3, 5, 14, 30, 1)
    assert parse_datetime("2024-03-05") == datetime(2024, 3, 5)


def test_parse_datetime_offsets():
    value = parse_datetime("2024-03-05T14:30:00+05:30")
    assert value.utcoffset() == timedelta(hours=5, minutes=30)
    assert parse_datetime("2024-03-05T14:30:00Z").tzinfo is timezone.utc
    west = parse_datetime("2024-03-05T06:00:00-08:00")
    assert west.astimezone(timezone.utc) == datetime(2024, 3, 5, 14, 0, tzinfo=timezone.utc)


def test_parse_datetime_default_tz():
    value = parse_datetime("2024-03-05T14:30", default_tz=timezone.utc)
    assert value.tzinfo is timezone.utc


def test_format_datetime():
    tz = timezone(timedelta(hours=-3))
    assert format_datetime(datetime(2024, 3, 5, 9, 7, 3)) == "2024-03-05T09:07:03"
    assert format_datetime(datetime(2024, 3, 5, 9, 7, 3, 250000, tzinfo=tz)) == "2024-03-05T09:07:03.250-03:00"
    assert format_datetime(datetime(2024, 3, 5, tzinfo=timezone.utc), "milliseconds") == "2024-03-05T00:00:00.000Z"
    with pytest.raises(ValueError):
        format_datetime(datetime(2024, 3, 5), "hours")


def test_round_trip():
    text = "2031-12-31T23:59:59+14:00"
    assert format_datetime(parse_datetime(text)) == text
