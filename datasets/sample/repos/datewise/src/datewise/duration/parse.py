"""Parsing durations into :class:`datetime.timedelta`."""

import re
from datetime import timedelta

from ..errors import DatewiseError

# Compact units, largest first; the order is also the order they must appear in.
_COMPACT_UNITS = (
    ("d", timedelta(days=1)),
    ("h", timedelta(hours=1)),
    ("m", timedelta(minutes=1)),
    ("s", timedelta(seconds=1)),
    ("ms", timedelta(milliseconds=1)),
)
_COMPACT_TOKEN = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|[a-z]+)\s*")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_ISO = re.compile(
    r"^P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?$"
)


def _parse_compact(text):
    units = [name for name, _ in _COMPACT_UNITS]
    total = timedelta(0)
    position = 0
    last_rank = -1
    for match in _COMPACT_TOKEN.finditer(text):
        if match.start() != position:
            break
        position = match.end()
        amount, unit = float(match.group(1)), match.group(2)
        if unit not in units:
            raise DatewiseError(f"unknown duration unit {unit!r}", text)
        rank = units.index(unit)
        if rank <= last_rank:
            raise DatewiseError("duration units out of order or repeated", text)
        last_rank = rank
        total += amount * _COMPACT_UNITS[rank][1]
    if position != len(text) or last_rank < 0:
        raise DatewiseError("invalid duration", text)
    return total


def _parse_iso(text):
    if re.match(r"^P[^T]*[YM]", text):
        raise DatewiseError("years and months have no fixed length", text)
    match = _ISO.match(text)
    if not match or text.endswith(("P", "T")):
        raise DatewiseError("invalid ISO-8601 duration", text)
    parts = {
        name: float((value or "0").replace(",", "."))
        for name, value in match.groupdict().items()
    }
    return timedelta(**parts)


def parse_duration(text):
    """Parse a compact (``1h30m``) or ISO-8601 (``PT1H30M``) duration.

    A bare number is a count of seconds. A leading ``-`` negates the result.
    """
    text = text.strip()
    sign = 1
    if text.startswith("-"):
        sign, text = -1, text[1:].lstrip()
    if not text:
        raise DatewiseError("empty duration", text)
    if text[0] in "Pp":
        result = _parse_iso(text.upper())
    elif _NUMBER.match(text):
        result = timedelta(seconds=float(text))
    else:
        result = _parse_compact(text.lower())
    return sign * result
