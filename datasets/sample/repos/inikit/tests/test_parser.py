import pytest

import inikit
from inikit import DuplicateError, ParseError


def test_sections_and_both_separators():
    cfg = inikit.loads("[a]\nx = 1\ny: two\n[b]\nz=3\n")
    assert cfg.sections() == ["a", "b"]
    assert cfg.get("a", "x") == "1"
    assert cfg.get("a", "y") == "two"
    assert cfg.get("b", "z") == "3"


def test_comment_lines_are_ignored():
    text = "; leading comment\n# another\n[s]\n  ; indented comment\nk = v\n"
    cfg = inikit.loads(text)
    assert cfg.options("s") == ["k"]


def test_inline_comment_is_stripped():
    cfg = inikit.loads("[s]\nk = value ; note\nj = other # note\n")
    assert cfg.get("s", "k") == "value"
    assert cfg.get("s", "j") == "other"
    cfg = inikit.loads("[s]\nurl = http://h/#frag\nk = a;b\n")
    assert cfg.get("s", "url") == "http://h/#frag"
    assert cfg.get("s", "k") == "a;b"


def test_names_are_case_insensitive():
    cfg = inikit.loads("[Server]\nHost = x\n")
    assert cfg.sections() == ["server"]
    assert cfg.get("SERVER", "host") == "x"


def test_empty_value_and_separator_in_value():
    cfg = inikit.loads("[s]\nk =\n")
    assert cfg.get("s", "k") == ""
    cfg = inikit.loads("[s]\ndsn = user=bob:pw\n")
    assert cfg.get("s", "dsn") == "user=bob:pw"


def test_continuation_line_extends_value():
    cfg = inikit.loads("[s]\nk = alpha\n    beta\nother = 1\n")
    assert cfg.get("s", "k").split() == ["alpha", "beta"]
    assert cfg.get("s", "other") == "1"


def test_keys_before_first_section_are_defaults():
    cfg = inikit.loads("timeout = 5\n[a]\n[b]\ntimeout = 9\n")
    assert cfg.get("a", "timeout") == "5"
    assert cfg.get("b", "timeout") == "9"
    assert cfg.sections() == ["a", "b"]


def test_garbage_line_reports_line_number():
    with pytest.raises(ParseError) as info:
        inikit.loads("[s]\nk = v\n\nnot an option\n")
    assert info.value.lineno == 4
    assert str(info.value).startswith("line 4:")


def test_empty_section_name_is_error():
    with pytest.raises(ParseError) as info:
        inikit.loads("[ ]\n")
    assert info.value.lineno == 1


def test_duplicates_are_errors_when_strict():
    with pytest.raises(DuplicateError) as info:
        inikit.loads("[s]\nk = 1\nK = 2\n")
    assert info.value.lineno == 3
    with pytest.raises(DuplicateError):
        inikit.loads("[s]\n[t]\n[s]\n")


def test_duplicates_merge_when_not_strict():
    cfg = inikit.loads("[s]\nk = 1\n[s]\nk = 2\nj = 3\n", strict=False)
    assert cfg.get("s", "k") == "2"
    assert cfg.get("s", "j") == "3"


def test_load_reads_file(tmp_path):
    path = tmp_path / "app.ini"
    path.write_text("[app]\nname = demo\n", encoding="utf-8")
    assert inikit.load(path).get("app", "name") == "demo"
