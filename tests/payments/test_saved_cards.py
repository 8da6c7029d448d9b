"""Saved cards: saved at checkout when asked, paid with, made default, deleted; never another shopper's,
and the card number is nowhere, neither in any table nor in the logs."""

import logging

import pytest
from django.db import connection
from rest_framework.test import APIClient

from apps.accounts.services import issue_tokens
from apps.cart.services import add_item, get_or_create_user_cart
from apps.orders.models import Order
from apps.payments.models import PaymentMethod
from apps.payments.services import save_payment_method
from tests.checkout.factories import DECLINED_CARD, create_stocked_product
from tests.factories import create_shipping_method, create_user
from tests.payments.conftest import NEXT_YEAR, card
from tests.storefront.test_checkout import form_data

pytestmark = pytest.mark.django_db

PAN = "4242424242424242"
MASTERCARD = "5555555555554444"


@pytest.fixture
def ada(client):
    user = create_user("ada@example.com", first_name="Ada")
    client.force_login(user)
    return user


@pytest.fixture
def lamp():
    return create_stocked_product(on_hand=10, price="25.00", name="Desk Lamp")


@pytest.fixture
def method():
    return create_shipping_method(name="Standard", price="5.00")


def api_for(user):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {issue_tokens(user=user)[0]}")
    return api


def buy(client, user, lamp, method, **payment):
    add_item(cart=get_or_create_user_cart(user=user), product=lamp, quantity=1)
    return client.post("/checkout/", form_data(method, email=user.email, **payment))


def database_dump():
    """Every row of every table, as COPY writes it."""
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            with cursor.copy(f'COPY (SELECT * FROM "{table}") TO STDOUT') as copy:
                dump.extend(bytes(block).decode() for block in copy)
    return "".join(dump)


def test_a_card_saved_at_checkout_shows_brand_last_four_and_expiry_and_its_number_is_nowhere(
    client, ada, lamp, method, caplog
):
    caplog.set_level(logging.DEBUG)

    response = buy(client, ada, lamp, method, **{"card-save": "on"})

    assert response.status_code == 302
    saved = PaymentMethod.objects.get(user=ada)
    assert (saved.card_brand, saved.card_last_four, saved.exp_month, saved.exp_year) == ("visa", "4242", 12, NEXT_YEAR)
    assert saved.is_default is True
    assert saved.token.startswith("test_tok_")
    page = client.get("/account/cards/").content.decode()
    assert "Visa ending in 4242" in page and f"Expires 12/{NEXT_YEAR}" in page
    dump = database_dump()
    assert PAN not in dump and saved.token not in dump  # the token is stored encrypted
    assert PAN not in caplog.text


def test_a_card_is_not_saved_unless_asked_nor_for_a_guest(client, ada, lamp, method):
    buy(client, ada, lamp, method)

    assert not PaymentMethod.objects.exists()


def test_a_saved_card_pays_the_next_order_without_its_number(client, ada, lamp, method):
    saved = save_payment_method(user=ada, card=card(MASTERCARD))
    add_item(cart=get_or_create_user_cart(user=ada), product=lamp, quantity=1)

    page = client.get("/checkout/").content.decode()
    assert f"Mastercard ending in 4444 · expires 12/{NEXT_YEAR}" in page
    response = client.post(
        "/checkout/",
        form_data(method, email=ada.email, **{"card-saved_card": str(saved.pk), "card-number": "", "card-cvc": ""}),
    )

    assert response.status_code == 302
    payment = Order.objects.get().payments.get()
    assert (payment.status, payment.card_brand, payment.card_last_four) == ("authorized", "mastercard", "4444")
    assert payment.transactions.get().succeeded is True


def test_a_declined_card_is_not_saved_and_nothing_is_ordered(client, ada, lamp, method):
    response = buy(client, ada, lamp, method, card=DECLINED_CARD, **{"card-save": "on"})

    assert response.status_code == 400
    assert "Your card was declined." in response.content.decode()
    assert not PaymentMethod.objects.exists() and not Order.objects.exists()


def test_the_default_moves_and_deleting_the_default_promotes_the_newest(client, ada):
    first = save_payment_method(user=ada, card=card(PAN))
    second = save_payment_method(user=ada, card=card(MASTERCARD))
    assert (first.is_default, second.is_default) == (True, False)

    client.post(f"/account/cards/{second.pk}/default/")
    assert list(PaymentMethod.objects.filter(is_default=True).values_list("pk", flat=True)) == [second.pk]

    client.post(f"/account/cards/{second.pk}/delete/")
    assert list(PaymentMethod.objects.values_list("pk", "is_default")) == [(first.pk, True)]


def test_another_shoppers_card_is_a_404_everywhere_and_stays(client, ada, lamp, method):
    theirs = save_payment_method(user=create_user("mallory@example.com"), card=card(PAN))
    api = api_for(ada)

    assert client.post(f"/account/cards/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/account/cards/{theirs.pk}/default/").status_code == 404
    assert api.delete(f"/api/v1/me/payment-methods/{theirs.pk}/").status_code == 404
    assert api.post(f"/api/v1/me/payment-methods/{theirs.pk}/default/").json()["error"]["code"] == "not_found"
    add_item(cart=get_or_create_user_cart(user=ada), product=lamp, quantity=1)
    paid_with_theirs = api.post(
        "/api/v1/checkout/",
        {
            "shipping_address": {
                "first_name": "Ada",
                "last_name": "Lovelace",
                "address_line_1": "12 Analytical Row",
                "city": "Springfield",
                "state": "IL",
                "postal_code": "62701",
                "country_code": "US",
            },
            "shipping_method": str(method.pk),
            "payment": {"method": "card", "payment_method_id": str(theirs.pk)},
        },
        format="json",
    )

    assert paid_with_theirs.status_code == 404
    assert not Order.objects.exists()
    assert PaymentMethod.objects.get(pk=theirs.pk).is_default is True


def test_the_api_saves_lists_makes_default_and_deletes_cards(ada):
    api = api_for(ada)

    created = api.post(
        "/api/v1/me/payment-methods/",
        {"card_number": MASTERCARD, "exp_month": 12, "exp_year": NEXT_YEAR, "cvc": "314"},
        format="json",
    )
    api.post(
        "/api/v1/me/payment-methods/",
        {"card_number": PAN, "exp_month": 1, "exp_year": NEXT_YEAR, "cvc": "314"},
        format="json",
    )

    assert created.status_code == 201
    listed = api.get("/api/v1/me/payment-methods/").json()["results"]
    assert [(m["brand"], m["last_four"], m["is_default"]) for m in listed] == [
        ("mastercard", "4444", True),
        ("visa", "4242", False),
    ]
    assert "token" not in listed[0]
    assert api.post(f"/api/v1/me/payment-methods/{listed[1]['id']}/default/").json()["is_default"] is True
    assert api.delete(f"/api/v1/me/payment-methods/{listed[0]['id']}/").status_code == 204
    assert [m["last_four"] for m in api.get("/api/v1/me/payment-methods/").json()["results"]] == ["4242"]


def test_the_api_refuses_a_bad_or_declined_card_and_saves_nothing(ada):
    api = api_for(ada)

    missing = api.post("/api/v1/me/payment-methods/", {"card_number": PAN}, format="json")
    declined = api.post(
        "/api/v1/me/payment-methods/",
        {"card_number": DECLINED_CARD, "exp_month": 12, "exp_year": NEXT_YEAR, "cvc": "314"},
        format="json",
    )

    assert missing.status_code == 400
    assert set(missing.json()["error"]["fields"]) == {"exp_month", "exp_year", "cvc"}
    assert declined.status_code == 400
    assert declined.json()["error"]["code"] == "card_declined"
    assert not PaymentMethod.objects.exists()
    assert api_for(ada).get("/api/v1/me/payment-methods/").json()["results"] == []


def test_the_checkout_api_saves_the_card_when_asked_and_pays_with_it_by_id(ada, lamp, method):
    api = api_for(ada)
    address = {
        "first_name": "Ada",
        "last_name": "Lovelace",
        "address_line_1": "12 Analytical Row",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "country_code": "US",
    }

    def check_out(payment):
        add_item(cart=get_or_create_user_cart(user=ada), product=lamp, quantity=1)
        body = {
            "shipping_address": address,
            "shipping_method": str(method.pk),
            "payment": {"method": "card", **payment},
        }
        return api.post("/api/v1/checkout/", body, format="json")

    first = check_out({"card_number": PAN, "exp_month": 12, "exp_year": NEXT_YEAR, "cvc": "314", "save_card": True})
    saved = PaymentMethod.objects.get(user=ada)
    second = check_out({"payment_method_id": str(saved.pk)})
    no_card = check_out({})

    assert (first.status_code, second.status_code) == (201, 201)
    assert Order.objects.get(order_number=second.json()["order_number"]).payments.get().card_last_four == "4242"
    assert no_card.status_code == 400
    assert set(no_card.json()["error"]["fields"]["payment"]) == {"card_number", "exp_month", "exp_year", "cvc"}
