import inikit


def test_escaped_quote_before_inline_comment():
    cfg = inikit.loads('[menu]\nlarge = "16\\" pizza" ; inches\n')
    assert cfg.get("menu", "large") == '16" pizza'
