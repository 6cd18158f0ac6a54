from datetime import timedelta, timezone

import pytest

from datewise import DatewiseError, format_offset, parse_offset


def test_parse_offset_forms():
    assert parse_offset("Z") is timezone.utc
    assert parse_offset("+05:30").utcoffset(None) == timedelta(hours=5, minutes=30)
    assert parse_offset("-08:00").utcoffset(None) == timedelta(hours=-8)
    assert parse_offset("+05").utcoffset(None) == timedelta(hours=5)
    assert parse_offset(" -11 ").utcoffset(None) == timedelta(hours=-11)


def test_parse_offset_rejects():
    for text in ["", "05:00", "+5:00", "+24:00", "+05:60", "+05:3", "UTC"]:
        with pytest.raises(DatewiseError):
            parse_offset(text)


def test_format_offset():
    assert format_offset(timezone.utc) == "Z"
    assert format_offset(timezone.utc, utc_as_z=False) == "+00:00"
    assert format_offset(timedelta(hours=5, minutes=45)) == "+05:45"
    assert format_offset(timezone(timedelta(hours=-9, minutes=-30))) == "-09:30"
