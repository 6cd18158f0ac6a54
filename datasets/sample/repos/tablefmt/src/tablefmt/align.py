"""Placing text inside a column of a given width."""

from typing import List, Sequence

from .width import display_width

ALIGNMENTS = ("left", "right", "center", "decimal")


def align_cell(text: str, width: int, how: str = "left") -> str:
    """Pad ``text`` with spaces to ``width`` display columns.

    ``center`` puts the odd space, if any, on the right. Text already as wide as
    ``width`` or wider is returned unchanged (never cut). ``decimal`` on a single
    cell behaves like ``right``; use ``align_column`` to line up decimal points.
    """
    if how not in ALIGNMENTS:
        raise ValueError(f"unknown alignment {how!r}; expected one of {', '.join(ALIGNMENTS)}")
    gap = width - display_width(text)
    if gap <= 0:
        return text
    if how == "left":
        return text + " " * gap
    if how == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return " " * gap + text


def decimal_column(values: Sequence[str], point: str = ".") -> List[str]:
    """Pad numbers so their decimal points line up; all results have the same width.

    The part before ``point`` is right-aligned and the part from ``point`` on is
    left-aligned. A value without ``point`` is treated as if the point came right
    after it. Surrounding whitespace is stripped first.
    """
    parts = []
    for value in values:
        value = value.strip()
        index = value.find(point)
        if index < 0:
            parts.append((value, ""))
        else:
            parts.append((value[:index], value[index:]))
    left_width = max((display_width(left) for left, _ in parts), default=0)
    right_width = max((display_width(right) for _, right in parts), default=0)
    return [
        " " * (left_width - display_width(left)) + left + right + " " * (right_width - display_width(right))
        for left, right in parts
    ]


def align_column(values: Sequence[str], width: int, how: str = "left") -> List[str]:
    """Align every value of a column to ``width``.

    With ``decimal`` the values are first lined up on their decimal points and the
    resulting block is then right-aligned within ``width``.
    """
    if how == "decimal":
        return [align_cell(v, width, "right") for v in decimal_column(values)]
    return [align_cell(v, width, how) for v in values]
