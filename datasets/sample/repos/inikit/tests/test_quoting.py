import pytest

import inikit
from inikit import ParseError
from inikit.values.quoting import strip_inline_comment, unquote


def test_double_quoted_escapes():
    assert unquote(r'"a\tb\nc"') == "a\tb\nc"
    assert unquote(r'"say \"hi\""') == 'say "hi"'
    assert unquote(r'"back\\slash"') == "back\\slash"


def test_single_quotes_are_literal():
    assert unquote(r"'no\tescape'") == r"no\tescape"


def test_unquoted_and_plain_comment():
    assert unquote("  plain  ") == "plain"
    assert strip_inline_comment("value   ; c") == "value"
    assert strip_inline_comment("value") == "value"


def test_quotes_preserve_spaces():
    cfg = inikit.loads('[s]\nk = "  padded  "\n')
    assert cfg.get("s", "k") == "  padded  "


def test_comment_chars_inside_quotes_kept():
    cfg = inikit.loads('[s]\nk = "a ; b # c" ; real comment\n')
    assert cfg.get("s", "k") == "a ; b # c"


def test_unterminated_quote_is_error_with_line():
    with pytest.raises(ParseError) as info:
        inikit.loads('[s]\nok = 1\nk = "open\n')
    assert info.value.lineno == 3
    assert "unterminated" in str(info.value)


def test_bad_quoted_values_are_errors():
    with pytest.raises(ParseError):
        unquote('"a" b', 7)


    with pytest.raises(ParseError) as info:
        unquote(r'"\q"', 2)
    assert info.value.lineno == 2
