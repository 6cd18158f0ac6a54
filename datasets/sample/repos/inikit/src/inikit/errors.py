"""Exception types raised by inikit."""


class InikitError(Exception):
    """Base class of every inikit error."""


class ParseError(InikitError):
    """The text is not valid INI. ``lineno`` is 1-based."""

    def __init__(self, message, lineno, line=""):
        self.message = message
        self.lineno = lineno
        self.line = line
        super().__init__(f"line {lineno}: {message}")


class DuplicateError(ParseError):
    """A section or key was defined twice (strict mode only)."""


class NoSectionError(InikitError, KeyError):
    def __init__(self, section):
        self.section = section
        InikitError.__init__(self, f"no section {section!r}")

    __str__ = InikitError.__str__


class NoOptionError(InikitError, KeyError):
    def __init__(self, section, key):
        self.section = section
        self.key = key
        InikitError.__init__(self, f"no option {key!r} in section {section!r}")

    __str__ = InikitError.__str__


class InterpolationError(InikitError):
    """A ``${...}`` reference could not be expanded."""

    def __init__(self, message, section=None, key=None, lineno=None):
        self.section = section
        self.key = key
        self.lineno = lineno
        where = f" (line {lineno})" if lineno else ""
        super().__init__(f"{message}{where}")


class ConversionError(InikitError, ValueError):
    """A value could not be converted by a typed getter."""
