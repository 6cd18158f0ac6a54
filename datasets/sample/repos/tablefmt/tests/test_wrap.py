import pytest

from tablefmt import display_width, wrap_text


def test_short_text_is_one_line():
    assert wrap_text("hello world", 20) == ["hello world"]


def test_breaks_at_spaces():
    assert wrap_text("the quick brown fox jumps", 10) == ["the quick", "brown fox", "jumps"]


def test_collapses_runs_of_whitespace():
    assert wrap_text("a   b\tc", 10) == ["a b c"]


def test_long_word_is_split():
    assert wrap_text("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert wrap_text("ok abcdefgh", 5) == ["ok", "abcde", "fgh"]


def test_newlines_are_kept():
    assert wrap_text("one\n\ntwo three", 20) == ["one", "", "two three"]


def test_wide_words_wrap_by_display_width():
    lines = wrap_text("東京 大阪 名古屋", 6)
    assert lines == ["東京", "大阪", "名古屋"]
    assert all(display_width(line) <= 6 for line in lines)


def test_width_must_be_positive():
    with pytest.raises(ValueError):
        wrap_text("x", 0)
