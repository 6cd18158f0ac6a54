"""Calendar arithmetic shared by the parsers."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def is_leap(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def days_in_month(year, month):
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    if month == 2 and is_leap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(value, months):
    """Return *value* (a date or datetime) moved by *months* calendar months.

    The day is clamped to the last day of the target month, so Jan 31 plus one
    month is Feb 28 (or 29).
    """
    index = value.year * 12 + (value.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    day = min(value.day, days_in_month(year, month))
    return value.replace(year=year, month=month, day=day)


def weekday_number(name):
    """Map a weekday name or its three-letter abbreviation to 0 (Monday) … 6."""
    name = name.lower()
    for number, full in enumerate(WEEKDAYS):
        if name == full or name == full[:3]:
            return number
    raise KeyError(name)
