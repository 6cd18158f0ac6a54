"""Parsing of relative date phrases."""

import re
from datetime import datetime, timedelta

from ..calendar_math import add_months, weekday_number
from ..errors import DatewiseError

_FIXED_UNITS = {
    "second": timedelta(seconds=1),
    "minute": timedelta(minutes=1),
    "hour": timedelta(hours=1),
    "day": timedelta(days=1),
    "week": timedelta(weeks=1),
}
_MONTH_UNITS = {"month": 1, "year": 12}

_UNIT = r"(second|minute|hour|day|week|month|year)s?"
_COUNT = r"(\d+|an?|one)"
_AGO = re.compile(rf"^{_COUNT} {_UNIT} ago$")
_IN = re.compile(rf"^in {_COUNT} {_UNIT}$")
_WEEKDAY = re.compile(r"^(next|last|this) ([a-z]+)$")


def _count(word):
    return 1 if word in ("a", "an", "one") else int(word)


def shift(moment, amount, unit):
    """Move *moment* by *amount* (may be negative) of *unit*."""
    if unit in _MONTH_UNITS:
        return add_months(moment, amount * _MONTH_UNITS[unit])
    return moment + amount * _FIXED_UNITS[unit]


def _midnight(moment):
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _weekday(moment, direction, name):
    try:
        target = weekday_number(name)
    except KeyError:
        raise DatewiseError("unknown weekday", name) from None
    current = moment.weekday()
    if direction == "next":
        delta = (target - current) % 7 or 7
    elif direction == "last":
        delta = -((current - target) % 7 or 7)
    else:  # "this": the given day of the current Monday-based week
        delta = target - current
    return _midnight(moment) + timedelta(days=delta)


def parse_relative(text, now=None):
    """Resolve a relative phrase against *now* (default: the current local time).

    ``today``/``yesterday``/``tomorrow`` and weekday phrases give midnight; the
    ``ago``/``in`` forms keep the time of day of *now*.
    """
    if now is None:
        now = datetime.now()
    phrase = " ".join(text.lower().split())
    if phrase == "now":
        return now
    if phrase == "today":
        return _midnight(now)
    if phrase == "yesterday":
        return _midnight(now) - timedelta(days=1)
    if phrase == "tomorrow":
        return _midnight(now) + timedelta(days=1)
    match = _AGO.match(phrase)
    if match:
        return shift(now, -_count(match.group(1)), match.group(2))
    match = _IN.match(phrase)
    if match:
        return shift(now, _count(match.group(1)), match.group(2))
    match = _WEEKDAY.match(phrase)
    if match:
        return _weekday(now, match.group(1), match.group(2))
    raise DatewiseError("unrecognised relative phrase", text)
