"""Passwords: Argon2id at OWASP's minimum, common passwords refused even in disguise, long
passphrases welcome."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.hashers import Argon2PasswordHasher

from apps.accounts.models import User
from tests.factories import create_user

pytestmark = pytest.mark.django_db


def test_passwords_are_stored_with_argon2id_at_owasps_minimum():
    user = create_user(password="correct horse battery")
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


def test_an_old_django_default_argon2_hash_still_signs_in_and_is_upgraded(rf):
    user = create_user(email="old@example.com")
    User.objects.filter(pk=user.pk).update(password=Argon2PasswordHasher().encode("correct horse battery", "salt1234"))
    assert authenticate(rf.post("/accounts/login/"), email="old@example.com", password="correct horse battery")
    assert User.objects.get(pk=user.pk).password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.parametrize("password", ["password", "Password123!", "P@ssw0rd2024", "!!qwerty!!", "Summer2024!"])
def test_common_passwords_and_their_disguises_are_refused(api, password):
    response = api.post("/api/v1/auth/register/", {"email": "ada@example.com", "password": password})
    assert response.status_code == 400
    assert "password" in response.json()["error"]["fields"]
    assert not User.objects.exists()


def test_a_long_passphrase_is_accepted(api):
    passphrase = "the analytical engine weaves algebraic patterns just as the jacquard loom weaves flowers"
    response = api.post("/api/v1/auth/register/", {"email": "ada@example.com", "password": passphrase})
    assert response.status_code == 201
    assert User.objects.get().check_password(passphrase)
