from datetime import datetime

import pytest

from datewise import DatewiseError, parse_relative

# A Wednesday.
NOW = datetime(2024, 3, 13, 15, 45, 10)


def test_keywords():
    assert parse_relative("now", now=NOW) == NOW
    assert parse_relative("today", now=NOW) == datetime(2024, 3, 13)
    assert parse_relative("Yesterday", now=NOW) == datetime(2024, 3, 12)
    assert parse_relative("tomorrow", now=NOW) == datetime(2024, 3, 14)


def test_ago_keeps_time_of_day():
    assert parse_relative("3 days ago", now=NOW) == datetime(2024, 3, 10, 15, 45, 10)
    assert parse_relative("an hour ago", now=NOW) == datetime(2024, 3, 13, 14, 45, 10)
    assert parse_relative("2  weeks   ago", now=NOW) == datetime(2024, 2, 28, 15, 45, 10)


def test_in_future():
    assert parse_relative("in 90 seconds", now=NOW) == datetime(2024, 3, 13, 15, 46, 40)
    assert parse_relative("in 1 minute", now=NOW) == datetime(2024, 3, 13, 15, 46, 10)


def test_months_and_years():
    assert parse_relative("2 months ago", now=NOW) == datetime(2024, 1, 13, 15, 45, 10)
    assert parse_relative("in a year", now=NOW) == datetime(2025, 3, 13, 15, 45, 10)
    assert parse_relative("in 10 months", now=NOW) == datetime(2025, 1, 13, 15, 45, 10)


def test_next_and_last_weekday():
    assert parse_relative("next friday", now=NOW) == datetime(2024, 3, 15)
    assert parse_relative("next mon", now=NOW) == datetime(2024, 3, 18)
    assert parse_relative("last monday", now=NOW) == datetime(2024, 3, 11)
    assert parse_relative("last thursday", now=NOW) == datetime(2024, 3, 7)


def test_same_weekday_moves_a_full_week():
    assert parse_relative("next wednesday", now=NOW) == datetime(2024, 3, 20)
    assert parse_relative("last wednesday", now=NOW) == datetime(2024, 3, 6)


def test_this_weekday_stays_in_current_week():
    assert parse_relative("this monday", now=NOW) == datetime(2024, 3, 11)
    assert parse_relative("this sunday", now=NOW) == datetime(2024, 3, 17)


def test_rejects_unknown_phrases():
    for text in ["someday", "next moonday", "3 fortnights ago", "in days"]:
        with pytest.raises(DatewiseError):
            parse_relative(text, now=NOW)
