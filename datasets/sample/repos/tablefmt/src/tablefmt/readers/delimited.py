"""CSV and TSV parsing.

CSV follows RFC 4180: fields may be wrapped in double quotes, a quoted field may
contain the delimiter, newlines and doubled quotes (``""`` for one ``"``). TSV has
no quoting: tabs separate fields, newlines separate records.
"""

from typing import List, Optional


class ParseError(ValueError):
    """Malformed input; ``line`` is 1-based."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


def parse_delimited(text: str, delimiter: str = ",", quote: Optional[str] = '"') -> List[List[str]]:
    """Split ``text`` into records of fields.

    Accepts ``\\n``, ``\\r\\n`` and ``\\r`` line endings and a leading byte-order mark.
    Blank lines are skipped; a final newline does not make an empty record.
    """
    if len(delimiter) != 1:
        raise ValueError("delimiter must be a single character")
    if text.startswith("\ufeff"):
        text = text[1:]
    rows: List[List[str]] = []
    row: List[str] = []
    field: List[str] = []
    in_quotes = False
    quoted = False  # the current field was quoted
    line = 1
    quote_line = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if in_quotes:
            if ch == quote:
                if i + 1 < n and text[i + 1] == quote:
                    field.append(quote)
                    i += 2
                    continue
                in_quotes = False
            else:
                if ch == "\n":
                    line += 1
                field.append(ch)
            i += 1
            continue
        if ch == quote and not field and not quoted:
            in_quotes = quoted = True
            quote_line = line
        elif ch == delimiter:
            row.append("".join(field))
            field, quoted = [], False
        elif ch in "\r\n":
            if ch == "\r" and i + 1 < n and text[i + 1] == "\n":
                i += 1
            if row or field or quoted:
                row.append("".join(field))
                rows.append(row)
            row, field, quoted = [], [], False
            line += 1
        elif quoted:
            raise ParseError(f"unexpected {ch!r} after closing quote", line)
        else:
            field.append(ch)
        i += 1
    if in_quotes:
        raise ParseError("unterminated quoted field", quote_line)
    if row or field or quoted:
        row.append("".join(field))
        rows.append(row)
    return rows


def read_csv(text: str, delimiter: str = ",") -> List[List[str]]:
    return parse_delimited(text, delimiter=delimiter, quote='"')


def read_tsv(text: str) -> List[List[str]]:
    return parse_delimited(text, delimiter="\t", quote=None)


def table_from_text(text: str, fmt: str = "csv", header: bool = True, **table_options):
    """Parse ``text`` (``csv`` or ``tsv``) into a ``Table``; the first record is the
    header unless ``header=False``. Extra keyword arguments go to ``Table``."""
    from ..table import Table

    if fmt == "csv":
        records = read_csv(text)
    elif fmt == "tsv":
        records = read_tsv(text)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    if header and records:
        return Table(records[0], records[1:], **table_options)
    return Table(None, records, **table_options)
