"""Wrapping text to a number of display columns."""

from typing import List

from .width import char_width, display_width


def _split_long_word(word: str, width: int) -> List[str]:
    """Cut ``word`` into pieces at most ``width`` columns wide (a wide character
    that does not fit starts the next piece)."""
    if display_width(word) <= width:
        return [word]
    pieces = []
    piece = ""
    used = 0
    for ch in word:
        w = char_width(ch)
        if piece and used + w > width:
            pieces.append(piece)
            piece, used = "", 0
        piece += ch
        used += w
    if piece:
        pieces.append(piece)
    return pieces


def _wrap_paragraph(paragraph: str, width: int) -> List[str]:
    words = paragraph.split()
    if not words:
        return [""]
    lines = []
    current = ""
    for word in words:
        for piece in _split_long_word(word, width):
            if not current:
                current = piece
            elif display_width(current) + 1 + display_width(piece) <= width:
                current += " " + piece
            else:
                lines.append(current)
                current = piece
    lines.append(current)
    return lines


def wrap_text(text: str, width: int) -> List[str]:
    """Break ``text`` into lines of at most ``width`` display columns.

    Lines break at whitespace (runs of whitespace collapse to one space); a word
    longer than ``width`` is split. Newlines in ``text`` always start a new line.
    """
    if width < 1:
        raise ValueError("width must be at least 1")
    lines: List[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, width))
    return lines
