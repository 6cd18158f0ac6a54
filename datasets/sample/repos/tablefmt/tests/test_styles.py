from tablefmt import STYLES, BorderStyle, Table, get_style
from tablefmt.styles import Rule, markdown_rule


def test_markdown_table():
    table = Table(["name", "n"], [["a", 1]], align=["left", "center"], style="markdown")
    assert table.render().splitlines() == [
        "| name | n |",
        "|:-----|:-:|",
        "| a    | 1 |",
    ]


def test_markdown_rule_right_alignment():
    assert markdown_rule([4, 2], ["right", "left"]) == "|-----:|:---|"


def test_get_style_accepts_names_and_objects():
    assert get_style("grid") is STYLES["grid"]
    custom = BorderStyle("dots", ":", ":", ":", top=Rule(".", ".", ".", "."))
    assert get_style(custom) is custom
    assert Table(["a"], [["b"]], style=custom).render().splitlines()[0] == "....."
