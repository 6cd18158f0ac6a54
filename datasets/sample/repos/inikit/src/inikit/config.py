"""The parsed configuration: sections of options with typed accessors."""

from .errors import InterpolationError, NoOptionError, NoSectionError
from .values.convert import to_bool, to_int, to_list
from .values.interpolate import expand

DEFAULT_SECTION = "default"

_MISSING = object()


def normalize_name(name):
    """Section and key names are case-insensitive and whitespace-trimmed."""
    return name.strip().lower()


class Entry:
    """One option: its raw value and the line it was defined on."""

    __slots__ = ("value", "lineno")

    def __init__(self, value, lineno=None):
        self.value = value
        self.lineno = lineno

    def __repr__(self):
        return f"Entry({self.value!r}, lineno={self.lineno})"


class Section:
    def __init__(self, name):
        self.name = name
        self._entries = {}

    def set(self, key, value, lineno=None):
        self._entries[normalize_name(key)] = Entry(value, lineno)

    def entry(self, key):
        return self._entries[normalize_name(key)]

    def keys(self):
        return list(self._entries)

    def __contains__(self, key):
        return normalize_name(key) in self._entries

    def __len__(self):
        return len(self._entries)


class Config:
    def __init__(self):
        self._sections = {}

    # -- structure -------------------------------------------------------
    def section(self, name):
        """Return the section called *name*, creating it if needed."""
        name = normalize_name(name)
        if name not in self._sections:
            self._sections[name] = Section(name)
        return self._sections[name]

    def sections(self):
        """Names of the sections, in file order, without ``default``."""
        return [name for name in self._sections if name != DEFAULT_SECTION]

    def has_section(self, name):
        return normalize_name(name) in self._sections

    def options(self, section):
        """Keys visible in *section*, its own first, then inherited defaults."""
        own = self._require(section).keys()
        inherited = [k for k in self._defaults().keys() if k not in own]
        return own + inherited

    def has_option(self, section, key):
        try:
            self._raw(section, key)
        except KeyError:
            return False
        return True

    # -- lookups ---------------------------------------------------------
    def _defaults(self):
        return self._sections.get(DEFAULT_SECTION) or Section(DEFAULT_SECTION)

    def _require(self, section):
        name = normalize_name(section)
        if name not in self._sections:
            raise NoSectionError(section)
        return self._sections[name]

    def _entry(self, section, key):
        sect = self._require(section)
        if key in sect:
            return sect.entry(key)
        defaults = self._defaults()
        if key in defaults:
            return defaults.entry(key)
        raise NoOptionError(section, key)

    def _raw(self, section, key):
        return self._entry(section, key).value

    def get(self, section, key, fallback=_MISSING, raw=False):
        """Return the value of *key* in *section*, references expanded.

        *fallback* is returned when the section or key does not exist.
        """
        try:
            entry = self._entry(section, key)
        except KeyError:
            if fallback is _MISSING:
                raise
            return fallback
        if raw:
            return entry.value
        try:
            return expand(entry.value, normalize_name(section), self._raw)
        except InterpolationError as exc:
            if exc.lineno is None:
                exc.lineno = entry.lineno
                exc.args = (f"{exc.args[0]} (line {entry.lineno})",)
            raise

    def _typed(self, convert, section, key, fallback):
        if fallback is not _MISSING and not self.has_option(section, key):
            return fallback
        return convert(self.get(section, key))

    def getint(self, section, key, fallback=_MISSING):
        return self._typed(to_int, section, key, fallback)

    def getbool(self, section, key, fallback=_MISSING):
        return self._typed(to_bool, section, key, fallback)

    def getlist(self, section, key, fallback=_MISSING, separator=","):
        return self._typed(lambda v: to_list(v, separator), section, key, fallback)

    def items(self, section):
        """``(key, value)`` pairs of *section*, expanded."""
        return [(key, self.get(section, key)) for key in self.options(section)]

    def to_dict(self):
        """All sections as nested dicts of expanded values."""
        return {name: dict(self.items(name)) for name in self.sections()}
