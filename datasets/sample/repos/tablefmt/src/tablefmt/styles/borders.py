"""The characters a table is drawn with."""

from dataclasses import dataclass
from typing import Dict, Optional, Sequence


@dataclass(frozen=True)
class Rule:
    """A horizontal line: ``left`` + fill per column joined by ``cross`` + ``right``."""

    left: str
    fill: str
    cross: str
    right: str

    def draw(self, widths: Sequence[int], padding: int) -> str:
        return self.left + self.cross.join(self.fill * (w + 2 * padding) for w in widths) + self.right


@dataclass(frozen=True)
class BorderStyle:
    name: str
    left: str
    sep: str
    right: str
    top: Optional[Rule] = None
    header: Optional[Rule] = None
    between: Optional[Rule] = None
    bottom: Optional[Rule] = None
    padding: int = 1
    markdown: bool = False


def markdown_rule(widths: Sequence[int], aligns: Sequence[str], padding: int = 1) -> str:
    """The Markdown header separator, with colons showing each column's alignment."""
    cells = []
    for width, how in zip(widths, aligns):
        dashes = "-" * max(3, width + 2 * padding)
        if how == "center":
            dashes = ":" + dashes[2:] + ":"
        elif how in ("right", "decimal"):
            dashes = dashes[1:] + ":"
        else:
            dashes = ":" + dashes[1:]
        cells.append(dashes)
    return "|" + "|".join(cells) + "|"


STYLES: Dict[str, BorderStyle] = {
    "plain": BorderStyle("plain", "", "  ", "", header=Rule("", "-", "  ", ""), padding=0),
    "ascii": BorderStyle(
        "ascii", "|", "|", "|",
        top=Rule("+", "-", "+", "+"),
        header=Rule("+", "=", "+", "+"),
        bottom=Rule("+", "-", "+", "+"),
    ),
    "grid": BorderStyle(
        "grid", "│", "│", "│",
        top=Rule("┌", "─", "┬", "┐"),
        header=Rule("├", "─", "┼", "┤"),
        between=Rule("├", "─", "┼", "┤"),
        bottom=Rule("└", "─", "┴", "┘"),
    ),
    "markdown": BorderStyle("markdown", "|", "|", "|", markdown=True),
}


def get_style(style) -> BorderStyle:
    """A style by name, or a ``BorderStyle`` passed through."""
    if isinstance(style, BorderStyle):
        return style
    try:
        return STYLES[style]
    except KeyError:
        raise ValueError(f"unknown style {style!r}; expected one of {', '.join(sorted(STYLES))}") from None
