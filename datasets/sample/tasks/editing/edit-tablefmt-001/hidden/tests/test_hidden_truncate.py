import pytest

from tablefmt import width as width_module
from tablefmt.width import display_width


def truncate(*args, **kwargs):
    return width_module.truncate(*args, **kwargs)


def test_text_that_fits_is_returned_unchanged():
    assert truncate("abc", 3) == "abc"
    assert truncate("東京", 4) == "東京"
    assert truncate("", 0) == ""


def test_ascii_text_is_cut_and_gets_an_ellipsis():
    assert truncate("hello world", 8) == "hello w…"


def test_wide_characters_are_never_split():
    # room for 5 columns before the ellipsis: 東京 takes 4, 都 would need 2 more
    assert truncate("東京都庁", 6) == "東京… "


def test_result_is_exactly_width_columns_when_cut():
    for text in ["abcdefghij", "日本語のテキスト", "a東b京c都d"]:
        for width in range(1, 8):
            assert display_width(truncate(text, width)) == width


def test_custom_and_empty_placeholder():
    assert truncate("abcdef", 4, placeholder="..") == "ab.."
    assert truncate("abcdef", 4, placeholder="") == "abcd"
    assert truncate("abcdef", 0, placeholder="") == ""


def test_combining_marks_stay_with_their_letter():
    assert truncate("re\u0301sume\u0301s", 6) == "re\u0301sum…"


def test_bad_widths_are_rejected():
    with pytest.raises(ValueError):
        truncate("abc", -1)
    with pytest.raises(ValueError):
        truncate("abcdef", 2, placeholder="...")


def test_truncate_is_exported_from_the_package():
    import tablefmt

    assert tablefmt.truncate is width_module.truncate
    assert "truncate" in tablefmt.__all__
