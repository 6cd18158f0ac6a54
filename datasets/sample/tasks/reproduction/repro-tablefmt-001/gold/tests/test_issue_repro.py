from tablefmt import read_csv


def test_empty_quoted_field_is_an_empty_string():
    text = 'id,name,nickname\n1,Ada,""\n2,"","Bob"\n'
    assert read_csv(text) == [
        ["id", "name", "nickname"],
        ["1", "Ada", ""],
        ["2", "", "Bob"],
    ]


def test_field_holding_only_an_escaped_quote():
    assert read_csv('a,"""",b\n') == [["a", '"', "b"]]
