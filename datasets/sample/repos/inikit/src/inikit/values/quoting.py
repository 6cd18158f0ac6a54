"""Quoted values and inline comments."""

from ..errors import ParseError

QUOTES = ("\"", "'")
COMMENT_CHARS = (";", "#")

_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "\\": "\\",
    "\"": "\"",
    "'": "'",
}


def strip_inline_comment(text):
    """Remove a trailing inline comment from *text*.

    A comment starts with ``;`` or ``#`` that is preceded by whitespace and is not
    inside a quoted string. Trailing whitespace is removed as well.
    """
    quote = None
    escaped = False
    for index, char in enumerate(text):
        if quote:
            if escaped:
                escaped = False
            elif char == "\\" and quote == "\"":
                escaped = True
            elif char == quote:
                quote = None
            continue
        if char in QUOTES:
            quote = char
        elif char in COMMENT_CHARS and index > 0 and text[index - 1].isspace():
            return text[:index].rstrip()
    return text.rstrip()


def unquote(text, lineno=0):
    """Return the value that *text* denotes.

    Unquoted text is returned stripped. Double-quoted text has its escapes
    decoded; single-quoted text is literal. Anything after the closing quote is an
    error, as is a missing closing quote or an unknown escape.
    """
    text = text.strip()
    if not text or text[0] not in QUOTES:
        return text
    quote = text[0]
    out = []
    index = 1
    while index < len(text):
        char = text[index]
        if char == quote:
            if text[index + 1:].strip():
                raise ParseError("unexpected text after closing quote", lineno, text)
            return "".join(out)
        if char == "\\" and quote == "\"":
            if index + 1 >= len(text):
                break
            code = text[index + 1]
            if code not in _ESCAPES:
                raise ParseError(f"unknown escape '\\{code}'", lineno, text)
            out.append(_ESCAPES[code])
            index += 2
            continue
        out.append(char)
        index += 1
    raise ParseError("unterminated quoted value", lineno, text)
