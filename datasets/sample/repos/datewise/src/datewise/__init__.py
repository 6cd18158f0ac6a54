"""datewise: parse and format dates, relative phrases and durations."""

from .calendar_math import add_months, days_in_month, is_leap
from .duration import format_duration, format_iso_duration, parse_duration
from .errors import DatewiseError
from .iso import format_datetime, parse_date, parse_datetime, parse_time
from .relative import parse_relative
from .tz import format_offset, parse_offset

__all__ = [
    "DatewiseError",
    "add_months",
    "days_in_month",
    "format_datetime",
    "format_duration",
    "format_iso_duration",
    "format_offset",
    "is_leap",
    "parse_date",
    "parse_datetime",
    "parse_duration",
    "parse_offset",
    "parse_relative",
    "parse_time",
]

__version__ = "0.2.0"
