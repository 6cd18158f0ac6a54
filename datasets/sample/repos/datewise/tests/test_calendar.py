from datetime import date, datetime

from datewise import add_months, days_in_month, is_leap


def test_is_leap():
    assert is_leap(2024) and is_leap(2000)
    assert not is_leap(2023) and not is_leap(1900)


def test_days_in_month():
    assert days_in_month(2023, 2) == 28
    assert days_in_month(2024, 2) == 29
    assert days_in_month(2024, 4) == 30
    assert days_in_month(2024, 12) == 31


def test_add_months_forward_and_back():
    assert add_months(date(2024, 1, 15), 1) == date(2024, 2, 15)
    assert add_months(date(2024, 11, 10), 3) == date(2025, 2, 10)
    assert add_months(date(2024, 1, 10), -1) == date(2023, 12, 10)
    assert add_months(datetime(2024, 5, 20, 8, 30), -24) == datetime(2022, 5, 20, 8, 30)
