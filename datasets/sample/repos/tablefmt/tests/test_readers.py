import pytest

from tablefmt import ParseError, read_csv, read_tsv, table_from_text
from tablefmt.readers import parse_delimited


def test_simple_csv():
    assert read_csv("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]]
    assert parse_delimited("a;b\n1;2", delimiter=";") == [["a", "b"], ["1", "2"]]


def test_quoted_fields_may_hold_delimiters_quotes_and_newlines():
    text = 'name,quote\n"Smith, J","He said ""hi""\nand left"\n'
    assert read_csv(text) == [["name", "quote"], ["Smith, J", 'He said "hi"\nand left']]


def test_empty_fields_and_crlf():
    assert read_csv("a,,c\r\n,,\r\n") == [["a", "", "c"], ["", "", ""]]


def test_blank_lines_and_bom_are_skipped():
    assert read_csv("\ufeffx,y\n\n1,2") == [["x", "y"], ["1", "2"]]


def test_tsv_has_no_quoting():
    assert read_tsv('a\t"b"\n1\t2\n') == [["a", '"b"'], ["1", "2"]]


def test_unterminated_quote_reports_its_line():
    with pytest.raises(ParseError) as info:
        read_csv('a,b\n1,"oops\n2,3\n')
    assert info.value.line == 2


def test_text_after_closing_quote_is_an_error():
    with pytest.raises(ParseError):
        read_csv('"ab"c,d\n')


def test_table_from_text():
    table = table_from_text("h1\th2\nx\ty\n", fmt="tsv", style="ascii")
    assert table.headers == ["h1", "h2"]
    assert table.rows == [["x", "y"]]
    assert table_from_text("1,2\n", header=False).headers is None
    with pytest.raises(ValueError):
        table_from_text("", fmt="xml")
