from tablefmt import char_width, display_width


def test_char_width():
    cases = [("a", 1), ("é", 1), ("東", 2), ("한", 2), ("Ａ", 2), ("\u0301", 0), ("\u200b", 0), ("ｱ", 1)]
    assert [char_width(ch) for ch, _ in cases] == [width for _, width in cases]


def test_display_width_mixes_narrow_and_wide():
    assert display_width("abc") == 3
    assert display_width("東京 Tokyo") == 10
    assert display_width("") == 0


def test_combining_marks_take_no_space():
    assert display_width("e\u0301te\u0301") == 3
