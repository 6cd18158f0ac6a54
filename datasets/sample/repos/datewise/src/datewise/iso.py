"""ISO-8601 dates, times and date-times."""

import re
from datetime import date, datetime, time

from .calendar_math import days_in_month
from .errors import DatewiseError
from .tz import format_offset, parse_offset

_DATE_EXTENDED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATE_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?$")
_OFFSET_TAIL = re.compile(r"(?:[Zz]|[+-]\d{2}(?::?\d{2})?)$")


def parse_date(text):
    """Parse ``YYYY-MM-DD`` or ``YYYYMMDD`` into a :class:`datetime.date`."""
    text = text.strip()
    match = _DATE_EXTENDED.match(text) or _DATE_BASIC.match(text)
    if not match:
        raise DatewiseError("invalid date", text)
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12:
        raise DatewiseError("month out of range", text)
    if not 1 <= day <= days_in_month(year, month):
        raise DatewiseError("day out of range", text)
    return date(year, month, day)


def _fraction_to_micro(digits):
    """Turn the digits after the decimal point into microseconds."""
    if not digits:
        return 0
    return int(digits[:6].ljust(6, "0"))


def parse_time(text):
    """Parse ``HH:MM``, ``HH:MM:SS`` or ``HH:MM:SS.fff`` into a naive time."""
    text = text.strip()
    match = _TIME.match(text)
    if not match:
        raise DatewiseError("invalid time", text)
    hour, minute = int(match.group(1)), int(match.group(2))
    second = int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise DatewiseError("time out of range", text)
    return time(hour, minute, second, _fraction_to_micro(match.group(4)))


def parse_datetime(text, default_tz=None):
    """Parse a date-time joined by ``T`` or a space, with an optional offset.

    A date alone means midnight. Without an offset the result is naive unless
    *default_tz* is given.
    """
    text = text.strip()
    for sep in ("T", "t", " "):
        if sep in text:
            date_part, _, time_part = text.partition(sep)
            break
    else:
        date_part, time_part = text, ""
    day = parse_date(date_part)
    tz = default_tz
    offset = _OFFSET_TAIL.search(time_part)
    if offset and offset.start() > 0:
        tz = parse_offset(offset.group(0))
        time_part = time_part[: offset.start()]
    clock = parse_time(time_part) if time_part else time(0, 0)
    return datetime.combine(day, clock).replace(tzinfo=tz)


def format_datetime(value, timespec="auto"):
    """Format *value* as ISO-8601 with a ``T`` separator.

    ``timespec`` is ``"auto"`` (milliseconds only when needed), ``"seconds"`` or
    ``"milliseconds"``. The offset is appended when *value* is aware.
    """
    out = value.strftime("%Y-%m-%dT%H:%M:%S")
    if timespec == "milliseconds" or (timespec == "auto" and value.microsecond):
        out += f".{value.microsecond // 1000:03d}"
    elif timespec not in ("auto", "seconds"):
        raise ValueError(f"unknown timespec: {timespec!r}")
    if value.tzinfo is not None:
        out += format_offset(value.tzinfo)
    return out
