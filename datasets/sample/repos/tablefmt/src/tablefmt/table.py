"""The Table object: rows in, aligned text out."""

from typing import Iterable, List, Optional, Sequence, Union

from .align import ALIGNMENTS, decimal_column
from .align import align_cell
from .styles import get_style, markdown_rule
from .width import display_width
from .wrap import wrap_text


def _to_text(value) -> str:
    if value is None:
        return ""
    return str(value)


def _cell_width(text: str) -> int:
    return max((display_width(line) for line in text.split("\n")), default=0)


class Table:
    """A table of rows, optionally with a header row.

    ``align`` is one alignment for every column or a list with one per column
    (missing entries default to ``left``). ``max_col_width`` wraps cells wider than
    that many columns. Rows shorter than the widest row are padded with empty cells.
    """

    def __init__(
        self,
        headers: Optional[Sequence] = None,
        rows: Optional[Iterable[Sequence]] = None,
        align: Union[str, Sequence[str]] = "left",
        style="plain",
        max_col_width: Optional[int] = None,
        padding: Optional[int] = None,
    ) -> None:
        self.headers = list(headers) if headers is not None else None
        self.rows: List[list] = [list(r) for r in rows] if rows is not None else []
        self.align = align
        self.style = get_style(style)
        if max_col_width is not None and max_col_width < 1:
            raise ValueError("max_col_width must be at least 1")
        self.max_col_width = max_col_width
        self.padding = self.style.padding if padding is None else padding

    def add_row(self, row: Sequence) -> None:
        self.rows.append(list(row))

    @property
    def column_count(self) -> int:
        counts = [len(r) for r in self.rows]
        if self.headers is not None:
            counts.append(len(self.headers))
        return max(counts, default=0)

    def _alignments(self, ncols: int) -> List[str]:
        if isinstance(self.align, str):
            aligns = [self.align] * ncols
        else:
            aligns = list(self.align)[:ncols] + ["left"] * (ncols - len(self.align))
        for how in aligns:
            if how not in ALIGNMENTS:
                raise ValueError(f"unknown alignment {how!r}")
        return aligns

    def _column_widths(self, header: Optional[List[str]], body: List[List[str]], ncols: int) -> List[int]:
        widths = [_cell_width(h) for h in header] if header is not None else [0] * ncols
        for row in body:
            for i, cell in enumerate(row):
                widths[i] = max(widths[i], _cell_width(cell))
        if self.max_col_width is not None:
            widths = [min(w, self.max_col_width) for w in widths]
        return widths

    def _cell_lines(self, text: str, width: int) -> List[str]:
        if _cell_width(text) <= width:
            return text.split("\n")
        return wrap_text(text, width)

    def _render_row(self, cells: List[str], widths: List[int], aligns: List[str]) -> List[str]:
        style = self.style
        columns = [self._cell_lines(c, w) for c, w in zip(cells, widths)]
        height = max(len(c) for c in columns)
        pad = " " * self.padding
        out = []
        for k in range(height):
            parts = []
            for lines, width, how in zip(columns, widths, aligns):
                text = lines[k] if k < len(lines) else ""
                parts.append(pad + align_cell(text, width, "right" if how == "decimal" else how) + pad)
            out.append((style.left + style.sep.join(parts) + style.right).rstrip())
        return out

    def render(self) -> str:
        ncols = self.column_count
        if ncols == 0:
            return ""
        style = self.style
        aligns = self._alignments(ncols)
        header = None
        if self.headers is not None:
            header = [_to_text(h) for h in self.headers] + [""] * (ncols - len(self.headers))
        body = [[_to_text(c) for c in row] + [""] * (ncols - len(row)) for row in self.rows]
        for i, how in enumerate(aligns):
            if how == "decimal" and body:
                for row, value in zip(body, decimal_column([row[i] for row in body])):
                    row[i] = value
        widths = self._column_widths(header, body, ncols)

        lines: List[str] = []
        if style.top:
            lines.append(style.top.draw(widths, self.padding))
        if header is not None:
            lines.extend(self._render_row(header, widths, aligns))
            if style.markdown:
                lines.append(markdown_rule(widths, aligns, self.padding))
            elif style.header:
                lines.append(style.header.draw(widths, self.padding).rstrip())
        for n, row in enumerate(body):
            if n and style.between:
                lines.append(style.between.draw(widths, self.padding))
            lines.extend(self._render_row(row, widths, aligns))
        if style.bottom:
            lines.append(style.bottom.draw(widths, self.padding))
        return "\n".join(lines)

    __str__ = render
