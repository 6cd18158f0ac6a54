"""Conversions used by the typed getters."""

from ..errors import ConversionError

TRUE_WORDS = frozenset({"1", "yes", "true", "on"})
FALSE_WORDS = frozenset({"0", "no", "false", "off"})


def to_int(value):
    """Convert *value* to ``int``.

    Accepts an optional sign, ``_`` digit separators and the prefixes ``0x``,
    ``0o`` and ``0b``.
    """
    text = value.strip().replace("_", "")
    sign = 1
    if text and text[0] in "+-":
        if text[0] == "-":
            sign = -1
        text = text[1:]
    base = 10
    prefix = text[:2].lower()
    if prefix in ("0x", "0o", "0b"):
        base = {"0x": 16, "0o": 8, "0b": 2}[prefix]
        text = text[2:]
    try:
        if not text:
            raise ValueError(value)
        return sign * int(text, base)
    except ValueError:
        raise ConversionError(f"not an integer: {value!r}") from None


def to_bool(value):
    """Convert *value* to ``bool`` (case-insensitive yes/no, true/false, on/off, 1/0)."""
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConversionError(f"not a boolean: {value!r}")


def to_list(value, separator=","):
    """Split *value* into a list of stripped, non-empty items.

    Items are separated by *separator* or by line breaks.
    """
    items = []
    for line in value.splitlines():
        for item in line.split(separator):
            item = item.strip()
            if item:
                items.append(item)
    return items
