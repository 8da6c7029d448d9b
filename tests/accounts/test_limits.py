"""Mail bombing and mass sign-ups: limits per address and visitor (apps.core.limits)."""

import pytest
from django.core import mail

from tests.factories import create_user

pytestmark = pytest.mark.django_db


def test_password_reset_mail_stops_after_five_requests_for_one_address(api, django_capture_on_commit_callbacks):
    create_user(email="ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [api.post("/api/v1/auth/password-reset/", {"email": "ada@example.com"}).status_code for _ in range(7)]
    assert answers == [202] * 5 + [429] * 2
    assert len(mail.outbox) == 5


def test_the_storefront_refuses_a_sixth_signup_from_one_address(client):
    statuses = [
        client.post(
            "/accounts/signup/",
            {"email": f"new{n}@example.com", "password": "an unusual passphrase", "first_name": "N"},
        ).status_code
        for n in range(6)
    ]
    client.logout()
    assert statuses == [302] * 5 + [429]
