import math

from ratekeeper import Decision, to_headers


def test_allowed_has_no_retry_after():
    headers = to_headers(Decision(True, 4, 0.0), limit=5)
    assert headers == {"RateLimit-Limit": "5", "RateLimit-Remaining": "4"}
    assert Decision(True, 1)
    assert not Decision(False, 0, 1.0)


def test_retry_after_rounds_up():
    headers = to_headers(Decision(False, 0, 2.1), limit=5)
    assert headers["Retry-After"] == "3"


def test_retry_after_is_at_least_one_second():
    assert to_headers(Decision(False, 0, 0.01), limit=5)["Retry-After"] == "1"


def test_impossible_request_has_no_retry_after():
    headers = to_headers(Decision(False, 2, math.inf), limit=5)
    assert "Retry-After" not in headers
    assert headers["RateLimit-Remaining"] == "2"
