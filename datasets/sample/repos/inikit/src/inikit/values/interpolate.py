"""Expansion of ``${key}`` and ``${section:key}`` references."""

import re

from ..errors import InterpolationError

MAX_DEPTH = 10

_REFERENCE = re.compile(r"\$\{([^}]*)\}")


def split_reference(ref, section):
    """Return ``(section, key)`` named by the text inside ``${...}``."""
    if ":" in ref:
        target, _, key = ref.partition(":")
    else:
        target, key = section, ref
    target, key = target.strip(), key.strip()
    if not target or not key:
        raise InterpolationError(f"malformed reference '${{{ref}}}'", section)
    return target, key


def expand(value, section, lookup, depth=0):
    """Expand every reference in *value*.

    *lookup(section, key)* returns the raw value a reference names, or raises
    ``KeyError``. Expanded values are expanded again, up to ``MAX_DEPTH`` levels,
    which also catches reference cycles.
    """
    if "${" not in value:
        return value
    if depth >= MAX_DEPTH:
        raise InterpolationError(
            f"references nested deeper than {MAX_DEPTH} levels (cycle?)", section
        )

    def replace(match):
        target, key = split_reference(match.group(1), section)
        try:
            raw = lookup(target, key)
        except KeyError:
            raise InterpolationError(
                f"bad reference '${{{match.group(1)}}}': no such option", section, key
            ) from None
        return expand(raw, target, lookup, depth + 1)

    return _REFERENCE.sub(replace, value)
