import inikit


def test_double_dollar_is_a_literal_dollar():
    cfg = inikit.loads("[shop]\nprice = $$5\nnote = costs $ 5\n")
    assert cfg.get("shop", "price") == "$5"
    assert cfg.get("shop", "note") == "costs $ 5"
    assert cfg.get("shop", "price", raw=True) == "$$5"


def test_escaped_reference_is_not_expanded():
    cfg = inikit.loads("[env]\nhome = /root\nliteral = $${home}/x\nmixed = $$${home}\n")
    assert cfg.get("env", "literal") == "${home}/x"
    assert cfg.get("env", "mixed") == "$/root"


def test_escape_inside_referenced_value():
    cfg = inikit.loads("[a]\ncost = $$10\n[b]\nlabel = total ${a:cost}\n")
    assert cfg.get("b", "label") == "total $10"


def test_typed_getter_sees_escaped_value():
    cfg = inikit.loads("[s]\nsymbols = $$, EUR\n")
    assert cfg.getlist("s", "symbols") == ["$", "EUR"]
