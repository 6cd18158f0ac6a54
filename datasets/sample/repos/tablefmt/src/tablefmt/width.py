"""How many terminal columns a piece of text takes."""

import unicodedata

_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}


def char_width(ch: str) -> int:
    """Columns taken by one character: 0, 1 or 2.

    Combining marks, format characters and zero-width spaces take none; East Asian
    wide (W) and fullwidth (F) characters take two; everything else takes one.
    """
    if ch in _ZERO_WIDTH or unicodedata.combining(ch):
        return 0
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def display_width(text: str) -> int:
    """Columns taken by ``text`` on one line."""
    return sum(char_width(ch) for ch in text)
