import pytest

import inikit
from inikit import InterpolationError

TEXT = """\
home = /home/app

[paths]
root = /srv
data = ${root}/data
logs = ${home}/logs

[server]
url = http://${host}:${port}
host = example.org
port = 80
store = ${paths:data}/server
"""


def test_same_section_reference_and_raw():
    assert inikit.loads(TEXT).get("paths", "data") == "/srv/data"
    assert inikit.loads(TEXT).get("paths", "data", raw=True) == "${root}/data"


def test_reference_to_default():
    assert inikit.loads(TEXT).get("paths", "logs") == "/home/app/logs"


def test_cross_section_reference_is_recursive():
    assert inikit.loads(TEXT).get("server", "store") == "/srv/data/server"


def test_forward_references_work():
    assert inikit.loads(TEXT).get("server", "url") == "http://example.org:80"


def test_missing_reference_names_line():
    cfg = inikit.loads("[s]\na = 1\nb = ${nope}\n")
    with pytest.raises(InterpolationError) as info:
        cfg.get("s", "b")
    assert info.value.lineno == 3
    assert "line 3" in str(info.value)


def test_cycle_is_detected():
    cfg = inikit.loads("[s]\na = ${b}\nb = ${a}\n")
    with pytest.raises(InterpolationError):
        cfg.get("s", "a")


def test_malformed_reference():
    cfg = inikit.loads("[s]\na = ${other:}\n")
    with pytest.raises(InterpolationError):
        cfg.get("s", "a")
