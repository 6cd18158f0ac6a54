from datetime import timedelta

from datewise import format_duration, format_iso_duration, parse_duration


def test_format_compact():
    assert format_duration(timedelta(hours=1, minutes=30)) == "1h30m"
    assert format_duration(timedelta(days=2, seconds=5)) == "2d5s"
    assert format_duration(timedelta(days=1, hours=2, minutes=3, seconds=4)) == "1d2h3m4s"


def test_format_zero():
    assert format_duration(timedelta(0)) == "0s"


def test_format_negative():
    assert format_duration(timedelta(minutes=-90)) == "-1h30m"
    assert format_duration(timedelta(seconds=-1)) == "-1s"


def test_format_fractions():
    assert format_duration(timedelta(milliseconds=250)) == "250ms"
    assert format_duration(timedelta(seconds=1, milliseconds=500)) == "1.5s"
    assert format_duration(timedelta(seconds=2, milliseconds=50)) == "2.05s"
    assert format_duration(timedelta(microseconds=1500)) == "0.0015s"
    assert format_duration(timedelta(minutes=1, milliseconds=500)) == "1m0.5s"


def test_format_iso():
    assert format_iso_duration(timedelta(hours=26)) == "P1DT2H"
    assert format_iso_duration(timedelta(days=3)) == "P3D"
    assert format_iso_duration(timedelta(0)) == "PT0S"
    assert format_iso_duration(timedelta(minutes=-30)) == "-PT30M"
    assert format_iso_duration(timedelta(seconds=1, milliseconds=250)) == "PT1.25S"


def test_round_trips():
    for text in ["1d2h3m4s", "45m", "250ms", "-3h", "1.25s"]:
        assert format_duration(parse_duration(text)) == text
