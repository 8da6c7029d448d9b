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


ADA = {"email": "ada.lovelace@example.com", "first_name": "Ada", "last_name": "Lovelace"}
DISGUISED = "This password is a common password in disguise."
PERSONAL = "This password is made of your name, your email address or the shop's name."
ANOTHER_WORD = "Advice: Add another word or two. Uncommon words are better"
CAPITALS = "Advice: Capitalization doesn't help very much"


def guessable_in(time):
    return f"Your password is too guessable: It would take an offline attacker {time} to guess it."


REFUSED = {
    "Password1!": [
        "This password is too common.",
        DISGUISED,
        guessable_in("2 seconds"),
        "Warning: This is similar to a commonly used password",
        ANOTHER_WORD,
        CAPITALS,
    ],
    "Summer2024!": [
        DISGUISED,
        guessable_in("46 minutes"),
        "Warning: This is similar to a commonly used password",
        ANOTHER_WORD,
        CAPITALS,
    ],
    "1qaz2wsx3edc": [
        "This password is too common.",
        guessable_in("less than a second"),
        "Warning: This is a very common password",
        ANOTHER_WORD,
    ],
    "asdfghjkl;'": [
        DISGUISED,
        guessable_in("less than a second"),
        "Warning: Straight rows of keys are easy to guess",
        ANOTHER_WORD,
        "Advice: Use a longer keyboard pattern with more turns",
    ],
    "zzzzzzzzzzzzzzzz": [
        guessable_in("less than a second"),
        'Warning: Repeats like "aaa" are easy to guess',
        ANOTHER_WORD,
        "Advice: Avoid repeated words and characters",
    ],
    "lovelace1815": [
        "The password is too similar to the last name.",
        PERSONAL,
        guessable_in("1 minute"),
        ANOTHER_WORD,
    ],
    "Ada@example2024": [PERSONAL],
    "AdaLovelace!" * 8: [PERSONAL],  # 96 characters, past what zxcvbn reads
    "Shopflow2024!": [PERSONAL, guessable_in("17 minutes"), ANOTHER_WORD, CAPITALS],
    "!!qwerty!!": [DISGUISED],
}
PASSPHRASES = [
    "orbit-velvet-candle-mosaic",  # four random words
    "orbit velvet candle mosaic harbor lantern pepper quartz meadow cobalt",  # 69 characters
    # 99 characters: zxcvbn reads the first 72
    "the analytical engine weaves algebraic patterns just as the jacquard loom weaves flowers and leaves",
]


@pytest.mark.parametrize(("password", "messages"), REFUSED.items(), ids=REFUSED)
def test_common_guessable_and_personal_passwords_are_refused_with_every_reason(api, password, messages):
    response = api.post("/api/v1/auth/register/", {**ADA, "password": password})
    assert response.status_code == 400
    assert response.json()["error"]["message"] == messages[0]
    assert response.json()["error"]["fields"] == {"password": messages}
    assert not User.objects.exists()


@pytest.mark.parametrize("passphrase", PASSPHRASES)
def test_long_passphrases_are_accepted(api, passphrase):
    response = api.post("/api/v1/auth/register/", {**ADA, "password": passphrase})
    assert response.status_code == 201
    assert User.objects.get().check_password(passphrase)


def test_a_new_password_through_the_api_is_held_to_the_same_rules(api):
    old = "correct horse battery"
    user = create_user(password=old, **ADA)
    api.force_authenticate(user)

    refused = api.post("/api/v1/me/password/", {"old_password": old, "new_password": "Lovelace1815!"})
    changed = api.post("/api/v1/me/password/", {"old_password": old, "new_password": PASSPHRASES[0]})

    assert refused.status_code == 400
    assert refused.json()["error"]["fields"] == {
        "new_password": [
            "The password is too similar to the last name.",
            PERSONAL,
            guessable_in("17 minutes"),
            ANOTHER_WORD,
            CAPITALS,
        ]
    }
    assert changed.status_code == 200  # with a new token pair
    user.refresh_from_db()
    assert user.check_password(PASSPHRASES[0])
