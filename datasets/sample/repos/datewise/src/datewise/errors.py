"""Errors raised by datewise."""


class DatewiseError(ValueError):
    """The text could not be parsed. ``text`` holds the offending input."""

    def __init__(self, message, text=None):
        self.text = text
        super().__init__(message if text is None else f"{message}: {text!r}")
