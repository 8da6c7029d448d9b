"""The client's address behind TRUSTED_PROXY_COUNT proxies, as recorded by a failed API sign-in."""

import pytest

from apps.accounts.models import SecurityEvent

# The client wrote the first entry itself; a load balancer appended the second, nginx the third.
FORWARDED = "203.0.113.9, 198.51.100.7, 10.0.0.2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("proxies", "recorded"),
    # More trusted proxies than hops is a misconfiguration: the socket's peer is kept, never a guess.
    [(0, "127.0.0.1"), (1, "10.0.0.2"), (2, "198.51.100.7"), (3, "203.0.113.9"), (9, "127.0.0.1")],
)
def test_the_address_recorded_is_the_one_the_trusted_proxies_saw(client, settings, proxies, recorded):
    settings.TRUSTED_PROXY_COUNT = proxies

    response = client.post(
        "/api/v1/auth/login/",
        {"email": "nobody@example.com", "password": "wrong"},
        content_type="application/json",
        headers={"X-Forwarded-For": FORWARDED},
    )

    assert response.status_code == 401
    assert SecurityEvent.objects.get(email="nobody@example.com").ip_address == recorded
