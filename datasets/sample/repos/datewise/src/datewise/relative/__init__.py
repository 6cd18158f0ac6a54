"""Relative phrases such as "3 days ago" or "next monday"."""

from .phrases import parse_relative

__all__ = ["parse_relative"]
