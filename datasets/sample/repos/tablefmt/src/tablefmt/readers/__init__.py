"""Reading tables from delimited text."""

from .delimited import ParseError, parse_delimited, read_csv, read_tsv, table_from_text

__all__ = ["ParseError", "parse_delimited", "read_csv", "read_tsv", "table_from_text"]
