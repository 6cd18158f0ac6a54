"""Value handling: quoting, interpolation and type conversion."""

from .convert import to_bool, to_int, to_list
from .interpolate import expand
from .quoting import strip_inline_comment, unquote

__all__ = ["expand", "strip_inline_comment", "to_bool", "to_int", "to_list", "unquote"]
