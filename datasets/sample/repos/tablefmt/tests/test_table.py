import pytest

from tablefmt import Table


def test_plain_table():
    table = Table(["name", "qty"], [["apple", 3], ["fig", 12]])
    assert table.render() == "\n".join([
        "name   qty",
        "-----  ---",
        "apple  3",
        "fig    12",
    ])


def test_ascii_style_with_right_alignment():
    table = Table(["item", "n"], [["pen", 10], ["ink", 2]], align=["left", "right"], style="ascii")
    assert table.render() == "\n".join([
        "+------+----+",
        "| item |  n |",
        "+======+====+",
        "| pen  | 10 |",
        "| ink  |  2 |",
        "+------+----+",
    ])


def test_grid_style_separates_rows():
    table = Table(["k", "v"], [["a", "1"], ["b", "2"]], style="grid")
    assert table.render().splitlines() == [
        "┌───┬───┐",
        "│ k │ v │",
        "├───┼───┤",
        "│ a │ 1 │",
        "├───┼───┤",
        "│ b │ 2 │",
        "└───┴───┘",
    ]


def test_wide_cells_keep_borders_aligned():
    table = Table(["city", "n"], [["東京", 1], ["Lima", 2]], style="ascii")
    lines = table.render().splitlines()
    assert lines[3] == "| 東京 | 1 |"
    assert lines[4] == "| Lima | 2 |"


def test_decimal_column():
    table = Table(["price"], [["1.5"], ["10.25"], ["7"]], align="decimal", style="ascii")
    assert table.render().splitlines()[3:6] == [
        "|  1.5  |",
        "| 10.25 |",
        "|  7    |",
    ]


def test_max_col_width_wraps_cells():
    table = Table(["id", "text"], [[1, "lorem ipsum dolor sit"]], max_col_width=8, style="ascii")
    assert table.render().splitlines()[3:6] == [
        "| 1  | lorem    |",
        "|    | ipsum    |",
        "|    | dolor    |",
    ]


def test_ragged_rows_and_none_are_padded():
    table = Table(["a", "b", "c"], [["1"], ["2", None, "3"]], style="ascii")
    lines = table.render().splitlines()
    assert lines[3] == "| 1 |   |   |"
    assert lines[4] == "| 2 |   | 3 |"


def test_no_header_and_add_row():
    table = Table(style="plain")
    table.add_row(["x", "y"])
    assert table.render() == "x  y"
    assert str(table) == "x  y"
    assert Table().render() == ""


def test_bad_options_are_rejected():
    with pytest.raises(ValueError):
        Table(["a"], [["1"]], align="justify").render()
    with pytest.raises(ValueError):
        Table(["a"], style="fancy")
    with pytest.raises(ValueError):
        Table(["a"], max_col_width=0)
