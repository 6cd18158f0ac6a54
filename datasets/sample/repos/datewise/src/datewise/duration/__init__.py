"""Durations: compact ("1h30m") and ISO-8601 ("PT1H30M") forms."""

from .format import format_duration, format_iso_duration
from .parse import parse_duration

__all__ = ["format_duration", "format_iso_duration", "parse_duration"]
