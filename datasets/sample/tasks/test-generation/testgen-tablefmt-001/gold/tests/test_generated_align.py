import pytest

from tablefmt.align import ALIGNMENTS, align_cell, align_column, decimal_column
from tablefmt.width import display_width


@pytest.mark.parametrize(
    "how, expected",
    [("left", "abc    "), ("right", "    abc"), ("center", "  abc  "), ("decimal", "    abc")],
)
def test_each_alignment_on_ascii(how, expected):
    assert align_cell("abc", 7, how) == expected


def test_center_with_odd_gap_puts_extra_space_right():
    assert align_cell("x", 4, "center") == " x  "
    assert align_cell("ab", 3, "center") == "ab "


def test_padding_counts_wide_characters_as_two_columns():
    assert align_cell("日本", 7, "left") == "日本   "
    assert align_cell("日本", 7, "right") == "   日本"
    assert align_cell("日本", 7, "center") == " 日本  "
    assert display_width(align_cell("a日b", 9, "center")) == 9


def test_combining_marks_do_not_count():
    assert align_cell("e\u0301", 3, "right") == "  e\u0301"


def test_text_at_or_over_width_is_unchanged():
    assert align_cell("abcd", 4, "center") == "abcd"
    assert align_cell("abcdefg", 4, "left") == "abcdefg"
    assert align_cell("日本語", 4, "right") == "日本語"


def test_unknown_alignment_raises_value_error():
    with pytest.raises(ValueError):
        align_cell("a", 5, "middle")
    assert set(ALIGNMENTS) == {"left", "right", "center", "decimal"}


def test_decimal_column_lines_up_points_and_pads_both_sides():
    result = decimal_column(["3.14159", "10.5", "200"])
    assert result == ["  3.14159", " 10.5    ", "200      "]
    assert len({display_width(v) for v in result}) == 1


def test_decimal_column_values_without_point_act_as_if_point_follows():
    assert decimal_column(["5", "12.75"]) == [" 5   ", "12.75"]


def test_decimal_column_strips_whitespace():
    assert decimal_column(["  1.0 ", "22.5"]) == [" 1.0", "22.5"]


def test_decimal_column_with_comma_point():
    assert decimal_column(["3,5", "125,25", "7"], point=",") == ["  3,5 ", "125,25", "  7   "]


def test_decimal_column_of_nothing():
    assert decimal_column([]) == []


def test_align_column_decimal_right_aligns_the_block():
    assert align_column(["1.25", "100.5"], 10, "decimal") == ["      1.25", "    100.5 "]


def test_align_column_applies_alignment_to_every_value():
    assert align_column(["a", "bb", "東"], 4, "right") == ["   a", "  bb", "  東"]
    assert align_column(["a", "bb"], 5, "center") == ["  a  ", " bb  "]
