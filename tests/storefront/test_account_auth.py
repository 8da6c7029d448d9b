"""Signing up, in and out, the emailed verification and password-reset links."""

import re

import pytest
from django.core import mail
from django.utils.html import escape

from apps.accounts.models import SecurityEvent, User
from apps.cart.selectors import get_cart_for_user
from apps.cart.services import add_item, get_or_create_user_cart
from tests.checkout.factories import create_stocked_product
from tests.factories import create_user
from tests.storefront.conftest import give_guest_cart

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
RESET_SENT = "If an account exists for that address, we sent it an email with a link to choose a new password."


def emailed_path(message):
    """The storefront path of the link in an email the accounts services sent."""
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def signup(client, email="ada@example.com", password="an unusual passphrase", **extra):
    data = {"first_name": "Ada", "last_name": "Lovelace", "email": email, "password": password, **extra}
    return client.post("/accounts/signup/", data)


def test_the_signup_and_login_pages_have_labelled_fields_and_csrf_tokens(client):
    for url, label in (("/accounts/signup/", "First name"), ("/accounts/login/", "Password")):
        content = client.get(url).content.decode()
        assert 'name="csrfmiddlewaretoken"' in content
        assert f">{label}</label>" in content


def test_signing_up_signs_in_and_the_emailed_link_verifies_the_address(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = signup(client)

    assert response.status_code == 302
    assert response.url == "/account/"
    page = client.get("/account/").content.decode()
    assert "Welcome, Ada! Check your email (ada@example.com) to verify your address." in page
    assert "ada@example.com is not verified yet." in page
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Confirm your email address"

    verified = client.get(emailed_path(mail.outbox[0]), follow=True)

    assert "Thank you: ada@example.com is verified." in verified.content.decode()
    assert User.objects.get(email="ada@example.com").email_verified is True


def test_a_verification_link_works_only_once(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signup(client)
    path = emailed_path(mail.outbox[0])
    client.get(path)

    again = client.get(path, follow=True).content.decode()

    assert "This link is invalid or has expired." in again


def test_signing_up_with_a_taken_address_or_a_weak_password_shows_the_errors_by_the_fields(client):
    create_user("ada@example.com")

    taken = signup(client).content.decode()
    weak = signup(client, email="grace@example.com", password="12345678").content.decode()

    assert "An account with this email address already exists." in taken
    assert "This password is too common." in weak
    assert User.objects.filter(email="grace@example.com").exists() is False


def test_signing_up_with_a_personal_password_lists_every_reason_and_a_long_passphrase_is_welcome(client):
    refused = signup(client, email="ada.lovelace@example.com", password="Lovelace1815!")

    assert refused.status_code == 400
    assert refused.context["form"].errors["password"] == [
        "The password is too similar to the last name.",
        "This password is made of your name, your email address or the shop's name.",
        "Your password is too guessable: It would take an offline attacker 17 minutes to guess it.",
        "Advice: Add another word or two. Uncommon words are better",
        "Advice: Capitalization doesn't help very much",
    ]
    personal = "This password is made of your name, your email address or the shop's name."
    assert escape(personal) in refused.content.decode()
    assert not User.objects.exists()

    passphrase = "orbit velvet candle mosaic harbor lantern pepper quartz meadow cobalt"
    accepted = signup(client, email="ada.lovelace@example.com", password=passphrase)

    assert (accepted.status_code, accepted.url) == (302, "/account/")
    assert User.objects.get().check_password(passphrase)


def test_a_keyboard_walk_is_refused_as_a_new_password_on_the_account_page(client):
    user = create_user("ada@example.com", first_name="Ada", last_name="Lovelace")
    client.force_login(user)
    walk = {"password-new_password": "1qaz2wsx3edc", "password-new_password_again": "1qaz2wsx3edc"}

    response = client.post("/account/", {"password-old_password": PASSWORD, **walk, "change_password": "1"})

    assert response.status_code == 400
    assert response.context["password_form"].errors["new_password"] == [
        "This password is too common.",
        "Your password is too guessable: It would take an offline attacker less than a second to guess it.",
        "Warning: This is a very common password",
        "Advice: Add another word or two. Uncommon words are better",
    ]
    assert "Warning: This is a very common password" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_signing_up_keeps_the_guest_cart(client):
    lamp = create_stocked_product(name="Desk Lamp")
    add_item(cart=give_guest_cart(client), product=lamp, quantity=2)

    signup(client)

    cart = get_cart_for_user(user=User.objects.get(email="ada@example.com"))
    assert [(item.product.name, item.quantity) for item in cart.items.all()] == [("Desk Lamp", 2)]


def test_signing_in_merges_the_guest_cart_into_the_users_cart(client):
    user = create_user("ada@example.com")
    lamp, mug = create_stocked_product(name="Desk Lamp"), create_stocked_product(name="Mug")
    add_item(cart=get_or_create_user_cart(user=user), product=mug, quantity=1)
    add_item(cart=give_guest_cart(client), product=lamp, quantity=2)

    response = client.post("/accounts/login/", {"email": "ADA@example.com", "password": PASSWORD})

    assert response.status_code == 302
    items = get_cart_for_user(user=user).items.order_by("product__name")
    assert [(item.product.name, item.quantity) for item in items] == [("Desk Lamp", 2), ("Mug", 1)]
    assert "cart_token" not in client.session


def test_a_wrong_password_shows_a_message_and_signs_nobody_in(client):
    create_user("ada@example.com")

    response = client.post("/accounts/login/", {"email": "ada@example.com", "password": "not it"})

    assert response.status_code == 400
    assert "Wrong email address or password." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_in_goes_back_to_the_page_asked_for_but_never_to_another_site(client):
    create_user("ada@example.com")
    credentials = {"email": "ada@example.com", "password": PASSWORD}

    inside = client.post("/accounts/login/?next=/account/orders/", credentials)
    client.post("/accounts/logout/")
    outside = client.post("/accounts/login/", {**credentials, "next": "https://evil.example/steal"})

    assert inside.url == "/account/orders/"
    assert outside.url == "/account/"


def test_an_account_page_sends_a_guest_to_sign_in_and_back(client):
    response = client.get("/account/orders/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/account/orders/"
    assert 'name="next" value="/account/orders/"' in client.get(response.url).content.decode()


def test_signing_out_takes_a_post_only(client):
    client.force_login(create_user())

    refused = client.get("/accounts/logout/")
    response = client.post("/accounts/logout/", follow=True)

    assert refused.status_code == 405
    assert "You are signed out." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_password_reset_by_email_link_sets_the_new_password(client, django_capture_on_commit_callbacks):
    user = create_user("ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post("/accounts/password-reset/", {"email": "ada@example.com"}, follow=True)
    assert RESET_SENT in asked.content.decode()
    path = emailed_path(mail.outbox[0])
    assert path.startswith("/accounts/password-reset/")

    form = client.get(path).content.decode()
    done = client.post(
        path, {"new_password": "a brand new phrase", "new_password_again": "a brand new phrase"}, follow=True
    )

    assert ">New password</label>" in form
    assert "Your password was changed. Sign in with the new one." in done.content.decode()
    user.refresh_from_db()
    assert user.check_password("a brand new phrase")
    reused = client.post(path, {"new_password": "another new phrase", "new_password_again": "another new phrase"})
    assert "This link is invalid or has expired." in reused.content.decode()


def test_asking_for_a_reset_of_an_unknown_address_says_the_same_and_sends_nothing(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": "nobody@example.com"}, follow=True)

    assert RESET_SENT in response.content.decode()
    assert mail.outbox == []


def test_a_weak_new_password_is_refused_and_the_link_still_works(client, django_capture_on_commit_callbacks):
    user = create_user("ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": "ada@example.com"})
    path = emailed_path(mail.outbox[0])

    weak = client.post(path, {"new_password": "password", "new_password_again": "password"})
    typo = client.post(path, {"new_password": "a brand new phrase", "new_password_again": "a brand new phrasf"})

    assert weak.status_code == 400
    assert "This password is too common." in weak.content.decode()
    assert "The two passwords differ." in typo.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_a_made_up_reset_link_is_refused(client):
    response = client.post(
        "/accounts/password-reset/made-up-token/",
        {"new_password": "a brand new phrase", "new_password_again": "a brand new phrase"},
    )

    assert response.status_code == 400
    assert "This link is invalid or has expired." in response.content.decode()


def test_browser_sign_ins_and_failures_are_security_events(client):
    create_user("sec@example.com", "correct horse battery")

    client.post("/accounts/login/", {"email": "sec@example.com", "password": "nope"})
    client.post("/accounts/login/", {"email": "sec@example.com", "password": "correct horse battery"})

    kinds = list(
        SecurityEvent.objects.filter(email="sec@example.com").order_by("created_at").values_list("kind", flat=True)
    )
    assert kinds == ["login_failed", "login"]
