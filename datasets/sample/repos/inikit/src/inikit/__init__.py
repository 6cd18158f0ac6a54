"""inikit: a small INI/config reader."""

from .config import Config, Section
from .errors import (
    ConversionError,
    DuplicateError,
    InikitError,
    InterpolationError,
    NoOptionError,
    NoSectionError,
    ParseError,
)
from .parser import parse

__all__ = [
    "Config",
    "Section",
    "ConversionError",
    "DuplicateError",
    "InikitError",
    "InterpolationError",
    "NoOptionError",
    "NoSectionError",
    "ParseError",
    "load",
    "loads",
    "parse",
]

__version__ = "0.3.1"


def loads(text, *, strict=True):
    """Parse INI text and return a :class:`Config`."""
    return parse(text, strict=strict)


def load(path, *, strict=True, encoding="utf-8"):
    """Read and parse the INI file at *path*."""
    with open(path, encoding=encoding) as handle:
        return parse(handle.read(), strict=strict)
