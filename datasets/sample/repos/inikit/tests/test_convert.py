import pytest

from inikit import ConversionError
from inikit.values.convert import to_bool, to_int, to_list

INTS = [("42", 42), (" 7 ", 7), ("-42", -42), ("+3", 3), ("1_000", 1000),
        ("0x1F", 31), ("0XFF", 255), ("0o17", 15), ("0b101", 5), ("-0x10", -16)]


def test_to_int_accepts():
    for text, expected in INTS:
        assert to_int(text) == expected, text


def test_to_int_rejects():
    for text in ["", "-", "12a", "0x", "1.5"]:
        with pytest.raises(ConversionError):
            to_int(text)


def test_to_bool_words():
    for text in ["1", "yes", "TRUE", "On", " yes "]:
        assert to_bool(text) is True, text
    for text in ["0", "no", "False", "off", "OFF"]:
        assert to_bool(text) is False, text


def test_to_bool_rejects_other_words():
    with pytest.raises(ConversionError):
        to_bool("maybe")


def test_to_list_splits_and_strips():
    assert to_list(" a , b,c ") == ["a", "b", "c"]


def test_to_list_drops_empty_items():
    assert to_list("a,,b,") == ["a", "b"]
    assert to_list("") == []


def test_to_list_custom_separator():
    assert to_list("a|b , c", separator="|") == ["a", "b , c"]
