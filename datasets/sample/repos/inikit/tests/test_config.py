import pytest

import inikit
from inikit import ConversionError, NoOptionError, NoSectionError

TEXT = """\
retries = 3

[server]
port = 8080
debug = on
admins = alice, bob ,carol
ratio = x

[client]
retries = 5
"""


@pytest.fixture
def cfg():
    return inikit.loads(TEXT)


def test_typed_getters(cfg):
    assert cfg.getint("server", "port") == 8080
    assert cfg.getbool("server", "debug") is True
    assert cfg.getlist("server", "admins") == ["alice", "bob", "carol"]


def test_typed_getter_uses_defaults(cfg):
    assert cfg.getint("server", "retries") == 3
    assert cfg.getint("client", "retries") == 5


def test_bad_conversion_raises(cfg):
    with pytest.raises(ConversionError):
        cfg.getint("server", "ratio")


def test_missing_option_and_section(cfg):
    with pytest.raises(NoOptionError):
        cfg.get("server", "nope")
    with pytest.raises(NoSectionError):
        cfg.get("nope", "port")
    with pytest.raises(KeyError):
        cfg.getint("server", "nope")


def test_fallback_values(cfg):
    assert cfg.get("server", "nope", fallback="d") == "d"
    assert cfg.get("nope", "port", fallback=None) is None
    assert cfg.getint("server", "nope", fallback=10) == 10
    assert cfg.getlist("nope", "x", fallback=["z"]) == ["z"]
    assert cfg.getint("server", "port", fallback=1) == 8080


def test_options_include_inherited(cfg):
    assert cfg.options("server") == ["port", "debug", "admins", "ratio", "retries"]
    assert cfg.has_option("client", "retries")
    assert not cfg.has_option("client", "port")
    assert not cfg.has_option("missing", "port")


def test_to_dict(cfg):
    data = cfg.to_dict()
    assert list(data) == ["server", "client"]
    assert data["client"] == {"retries": "5"}
