"""Formatting :class:`datetime.timedelta` values as durations."""


def _split(delta):
    """Return ``(sign, days, hours, minutes, seconds, microseconds)`` of *delta*."""
    total_us = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    sign = "-" if total_us < 0 else ""
    total_us = abs(total_us)
    seconds, micro = divmod(total_us, 1_000_000)
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return sign, days, hours, minutes, seconds, micro


def _seconds_text(seconds, micro):
    if not micro:
        return str(seconds)
    return f"{seconds}.{micro:06d}".rstrip("0")


def format_duration(delta):
    """Format *delta* compactly, largest unit first: ``1d2h3m4s``.

    Zero units are left out; zero itself is ``0s``. Less than a second of whole
    milliseconds is written ``250ms``; other fractions go on the seconds
    (``1.5s``). Negative durations get a leading ``-``.
    """
    sign, days, hours, minutes, seconds, micro = _split(delta)
    if not (days or hours or minutes or seconds or micro):
        return "0s"
    parts = []
    if days:
        parts.append(f"{days}d")
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if seconds or micro:
        only_millis = not (days or hours or minutes or seconds) and micro % 1000 == 0
        if only_millis:
            parts.append(f"{micro // 1000}ms")
        else:
            parts.append(_seconds_text(seconds, micro) + "s")
    return sign + "".join(parts)


def format_iso_duration(delta):
    """Format *delta* as an ISO-8601 duration: ``P1DT2H30M``, ``PT0S`` for zero."""
    sign, days, hours, minutes, seconds, micro = _split(delta)
    date_part = f"{days}D" if days else ""
    time_part = ""
    if hours:
        time_part += f"{hours}H"
    if minutes:
        time_part += f"{minutes}M"
    if seconds or micro:
        time_part += _seconds_text(seconds, micro) + "S"
    if not date_part and not time_part:
        return "PT0S"
    return f"{sign}P{date_part}" + (f"T{time_part}" if time_part else "")
