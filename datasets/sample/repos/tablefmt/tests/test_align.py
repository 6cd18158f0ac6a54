import pytest

from tablefmt import align_cell, align_column, decimal_column


def test_left_and_right():
    assert align_cell("ab", 5, "left") == "ab   "
    assert align_cell("ab", 5, "right") == "   ab"


def test_center_puts_odd_space_on_the_right():
    assert align_cell("ab", 5, "center") == " ab  "
    assert align_cell("ab", 6, "center") == "  ab  "


def test_wide_characters_are_padded_by_display_width():
    assert align_cell("東京", 6, "left") == "東京  "
    assert align_cell("東京", 6, "right") == "  東京"
    assert align_cell("東", 5, "center") == " 東  "


def test_text_wider_than_width_is_left_alone():
    assert align_cell("abcdef", 3, "right") == "abcdef"
    assert align_cell("abc", 3, "center") == "abc"


def test_unknown_alignment_is_rejected():
    with pytest.raises(ValueError):
        align_cell("x", 3, "justify")


def test_decimal_column_lines_up_points():
    assert decimal_column(["1.5", "22.25", "3"]) == [" 1.5 ", "22.25", " 3   "]


def test_decimal_column_without_any_point_right_aligns():
    assert decimal_column(["7", "123", " 45 "]) == ["  7", "123", " 45"]


def test_decimal_column_custom_point():
    assert decimal_column(["1,5", "10,25"], point=",") == [" 1,5 ", "10,25"]


def test_align_column_decimal_block_is_right_aligned():
    assert align_column(["1.5", "10.25"], 8, "decimal") == ["    1.5 ", "   10.25"]


def test_align_column_other_alignments_apply_per_cell():
    assert align_column(["a", "bcd"], 4, "center") == [" a  ", "bcd "]
    assert decimal_column([]) == []
