"""Turning INI text into a :class:`~inikit.config.Config`."""

import re

from .config import DEFAULT_SECTION, Config, normalize_name
from .errors import DuplicateError, ParseError
from .values.quoting import strip_inline_comment, unquote

_SECTION = re.compile(r"^\[(?P<name>[^\]]*)\]$")
_OPTION = re.compile(r"^(?P<key>[^=:\s][^=:]*?)\s*(?P<sep>[=:])\s*(?P<value>.*)$")


def _is_comment(stripped):
    return stripped.startswith((";", "#"))


def parse(text, strict=True):
    """Parse *text* and return a :class:`Config`.

    In strict mode a repeated section or key is a :class:`DuplicateError`;
    otherwise sections are merged and the last value of a key wins.
    """
    config = Config()
    section = config.section(DEFAULT_SECTION)
    seen_sections = set()
    seen_keys = set()
    last_key = None  # key that an indented continuation line extends
    pending = []  # continuation lines of last_key

    def flush():
        if last_key is not None and pending:
            entry = section.entry(last_key)
            entry.value = "\n".join([entry.value] + pending)
        pending.clear()

    for lineno, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or _is_comment(stripped):
            continue

        if line[0].isspace() and last_key is not None:
            pending.append(unquote(strip_inline_comment(stripped), lineno))
            continue

        flush()
        last_key = None

        match = _SECTION.match(stripped)
        if match:
            name = normalize_name(match.group("name"))
            if not name:
                raise ParseError("empty section name", lineno, line)
            if strict and name in seen_sections:
                raise DuplicateError(f"duplicate section [{name}]", lineno, line)
            seen_sections.add(name)
            section = config.section(name)
            continue

        match = _OPTION.match(stripped)
        if not match:
            raise ParseError("expected 'key = value' or '[section]'", lineno, line)
        key = normalize_name(match.group("key"))
        if strict and (section.name, key) in seen_keys:
            raise DuplicateError(
                f"duplicate key {key!r} in [{section.name}]", lineno, line
            )
        seen_keys.add((section.name, key))
        value = unquote(strip_inline_comment(match.group("value")), lineno)
        section.set(key, value, lineno)
        last_key = key

    flush()
    return config
