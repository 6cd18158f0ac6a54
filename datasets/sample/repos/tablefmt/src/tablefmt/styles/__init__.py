"""Border styles."""

from .borders import STYLES, BorderStyle, Rule, get_style, markdown_rule

__all__ = ["STYLES", "BorderStyle", "Rule", "get_style", "markdown_rule"]
