"""UTC offsets: ``Z``, ``+05:30``, ``+0530``, ``+05``."""

import re
from datetime import timedelta, timezone, tzinfo

from .errors import DatewiseError

_OFFSET = re.compile(r"^([+-])(\d{2})(?::?(\d{2}))?$")


def parse_offset(text):
    """Parse a UTC offset and return a :class:`datetime.timezone`."""
    text = text.strip()
    if text in ("Z", "z"):
        return timezone.utc
    match = _OFFSET.match(text)
    if not match:
        raise DatewiseError("invalid UTC offset", text)
    sign = -1 if match.group(1) == "-" else 1
    hours = int(match.group(2))
    minutes = int(match.group(3) or 0)
    if hours > 23 or minutes > 59:
        raise DatewiseError("UTC offset out of range", text)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def format_offset(value, utc_as_z=True):
    """Format a tzinfo or timedelta as ``+HH:MM`` (``Z`` for UTC by default).

    Returns ``""`` for a tzinfo that has no fixed offset.
    """
    delta = value.utcoffset(None) if isinstance(value, tzinfo) else value
    if delta is None:
        return ""
    if not delta and utc_as_z:
        return "Z"
    sign = "-" if delta < timedelta(0) else "+"
    minutes = abs(int(delta.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
