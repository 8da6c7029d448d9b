"""Sign-in lockouts (django-axes) on the storefront, the admin and the API: per account and per
address, not lifted by the right password, not dodged with a spoofed X-Forwarded-For."""

import pytest
from django.test import Client

from apps.accounts.models import SecurityEvent
from tests.factories import create_staff, create_user

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
LIMIT = 5


def _api_login(api, email, password, spoof):
    return api.post("/api/v1/auth/login/", {"email": email, "password": password}, headers={"X-Forwarded-For": spoof})


def test_the_api_locks_an_account_after_five_failures_even_with_spoofed_addresses(api):
    create_user(email="ada@example.com", password=PASSWORD)
    statuses = [_api_login(api, "ada@example.com", "guess", f"203.0.113.{n}").status_code for n in range(LIMIT)]
    assert statuses == [401] * (LIMIT - 1) + [429]

    response = _api_login(api, "ADA@example.com", PASSWORD, "198.51.100.7")

    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    assert "access" not in response.json()
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOCKED_OUT)
    assert (event.email, event.ip_address, event.user.email) == ("ada@example.com", "127.0.0.1", "ada@example.com")
    assert event.metadata == {"path": "/api/v1/auth/login/", "failures": LIMIT}


def test_the_storefront_keeps_a_locked_account_out_whatever_the_password(client):
    create_user(email="ada@example.com", password=PASSWORD)
    statuses = [
        client.post("/accounts/login/", {"email": "ada@example.com", "password": "guess"}).status_code
        for _ in range(LIMIT)
    ]
    assert statuses == [400] * (LIMIT - 1) + [429]

    response = client.post("/accounts/login/", {"email": "ada@example.com", "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOCKED_OUT).count() == 1


def test_the_admin_login_is_limited_too(client):
    create_staff(email="staff@example.com", password=PASSWORD)
    for _ in range(LIMIT):
        client.post("/admin/login/", {"username": "staff@example.com", "password": "guess"})

    response = client.post("/admin/login/?next=/admin/", {"username": "staff@example.com", "password": PASSWORD})

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_address_guessing_many_accounts_is_locked_out():
    create_user(email="grace@example.com", password=PASSWORD)
    guesser, other = Client(REMOTE_ADDR="192.0.2.10"), Client(REMOTE_ADDR="192.0.2.20")
    for number in range(LIMIT):
        guesser.post("/accounts/login/", {"email": f"user{number}@example.com", "password": "guess"})

    assert guesser.post("/accounts/login/", {"email": "grace@example.com", "password": PASSWORD}).status_code == 429
    # Grace herself, from her own address, still signs in: her account was never guessed.
    assert other.post("/accounts/login/", {"email": "grace@example.com", "password": PASSWORD}).status_code == 302
