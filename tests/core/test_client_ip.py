"""The client's address, as every limit reads it (apps.core.http.client_ip)."""

from apps.core.http import client_ip


def test_without_trusted_proxies_the_forwarded_header_is_ignored(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "192.0.2.1"


def test_behind_one_proxy_the_address_it_saw_wins_over_what_the_client_wrote(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.4")
    assert client_ip(request) == "198.51.100.4"


def test_a_garbled_or_short_header_falls_back_to_the_peer(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="x")) == "10.0.0.2"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="not-an-ip")) == "10.0.0.2"
