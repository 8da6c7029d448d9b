"""The card is charged once, before the order's transaction: a retried transaction pays nothing more,
and a charge whose order cannot be written is voided."""

import pytest
from django.db import connection

import apps.checkout.services
from apps.checkout.exceptions import OutOfStock
from apps.inventory.models import StockLevel
from apps.orders.models import Order
from apps.payments.models import Payment
from tests.checkout.factories import checkout, create_filled_cart, create_stocked_product
from tests.checkout.gateways import CountingGateway
from tests.factories import create_shipping_method

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def gateway(settings):
    settings.PAYMENT_GATEWAY = "tests.checkout.gateways.CountingGateway"
    CountingGateway.reset()
    return CountingGateway.calls


@pytest.fixture
def product():
    return create_stocked_product(on_hand=5, price="20.00", name="Copper Kettle")


@pytest.fixture
def method():
    return create_shipping_method(name="Standard", price="5.00")


def conflict_first(monkeypatch, sqlstate):
    """Make the first attempt at holding stock fail the way PostgreSQL fails a lock race."""
    reserve = apps.checkout.services._reserve
    failed = []

    def reserve_after_one_conflict(order, contents):
        if not failed:
            failed.append(sqlstate)
            with connection.cursor() as cursor:
                cursor.execute(f"DO $$ BEGIN RAISE EXCEPTION 'lost a lock race' USING ERRCODE = '{sqlstate}'; END $$")
        return reserve(order, contents)

    monkeypatch.setattr(apps.checkout.services, "_reserve", reserve_after_one_conflict)
    return failed


@pytest.mark.parametrize("sqlstate", ["40P01", "40001"], ids=["deadlock", "serialization_failure"])
def test_a_transaction_retried_after_a_conflict_authorises_the_card_once(
    monkeypatch, gateway, product, method, sqlstate
):
    failed = conflict_first(monkeypatch, sqlstate)
    cart = create_filled_cart(product, 2)

    order = checkout(cart, method=method, idempotency_key="retry-1")

    assert failed == [sqlstate]  # the first attempt really rolled back and ran again
    assert gateway == {"authorize": 1}
    payment = Payment.objects.get(order=order)
    assert (payment.status, str(payment.amount)) == ("authorized", str(order.total))
    assert StockLevel.objects.get(product=product).quantity_reserved == 2


def test_stock_gone_after_the_charge_voids_it_and_writes_nothing(monkeypatch, gateway, product, method):
    cart = create_filled_cart(product, 2)
    reserve = apps.checkout.services._reserve

    def stock_taken_meanwhile(order, contents):
        StockLevel.objects.filter(product=product).update(quantity_reserved=4)
        return reserve(order, contents)

    monkeypatch.setattr(apps.checkout.services, "_reserve", stock_taken_meanwhile)

    with pytest.raises(OutOfStock):
        checkout(cart, method=method)

    assert gateway == {"authorize": 1, "void": 1}
    assert (Order.objects.count(), Payment.objects.count()) == (0, 0)


def test_a_repeated_request_with_the_same_key_authorises_once(gateway, product, method):
    cart = create_filled_cart(product, 1)

    first = checkout(cart, method=method, idempotency_key="same-key")
    second = checkout(cart, method=method, idempotency_key="same-key")

    assert second.pk == first.pk
    assert gateway == {"authorize": 1}
