"""tablefmt: plain-text tables that line up."""

from .align import align_cell, align_column, decimal_column
from .readers import ParseError, read_csv, read_tsv, table_from_text
from .styles import STYLES, BorderStyle, get_style
from .table import Table
from .width import char_width, display_width
from .wrap import wrap_text

__all__ = [
    "BorderStyle",
    "ParseError",
    "STYLES",
    "Table",
    "align_cell",
    "align_column",
    "char_width",
    "decimal_column",
    "display_width",
    "get_style",
    "read_csv",
    "read_tsv",
    "table_from_text",
    "wrap_text",
]

__version__ = "0.5.1"
