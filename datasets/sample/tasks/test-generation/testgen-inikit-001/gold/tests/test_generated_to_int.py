import pytest

from inikit import ConversionError
from inikit.values.convert import to_int


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0", 0),
        ("42", 42),
        ("  7\t", 7),
        ("-42", -42),
        ("+3", 3),
        ("1_000_000", 1000000),
        ("0x1F", 31),
        ("0XfF", 255),
        ("0o17", 15),
        ("0O7", 7),
        ("0b101", 5),
        ("0B11", 3),
        ("-0x10", -16),
        ("+0b1", 1),
        ("-0o10", -8),
    ],
)
def test_valid_integers(text, expected):
    assert to_int(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "-", "+", "0x", "0b", "0b102", "12a", "1.5", "x10"])
def test_invalid_integers_raise_conversion_error(text):
    with pytest.raises(ConversionError):
        to_int(text)


def test_conversion_error_is_a_value_error():
    with pytest.raises(ValueError):
        to_int("nope")
