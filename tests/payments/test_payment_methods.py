import pytest
from django.db import connection

from apps.payments.models import PaymentMethod
from tests.factories import create_user

pytestmark = pytest.mark.django_db


def test_a_saved_cards_gateway_token_is_ciphertext_in_the_table_and_plaintext_through_the_app():
    method = PaymentMethod.objects.create(
        user=create_user(),
        token="tok_visa_4242_secret",
        card_brand="visa",
        card_last_four="4242",
        exp_month=12,
        exp_year=2030,
    )

    with connection.cursor() as cursor:
        cursor.execute("SELECT token FROM payment_methods WHERE id = %s", [method.pk])
        (stored,) = cursor.fetchone()

    assert b"tok_visa_4242_secret" not in bytes(stored)
    assert PaymentMethod.objects.get(pk=method.pk).token == "tok_visa_4242_secret"
