"""Every constraint of the order tables refuses a row written past Django's validation."""

from decimal import Decimal

import pytest
from django.db import connection

from apps.orders.models import OrderAddress, OrderShipment, OrderShipmentItem, OrderStatusHistory
from tests.model_factories import create_order, create_order_item, refused_by, write

pytestmark = pytest.mark.django_db


def address(order, address_type="shipping"):
    return OrderAddress.objects.create(
        order=order,
        address_type=address_type,
        first_name="Ada",
        last_name="Lovelace",
        address_line_1="12 Analytical Row",
        city="Springfield",
        postal_code="62701",
        country_code="US",
    )


def subtotal_that_is_not_quantity_times_price():
    # A trigger sets subtotal from quantity and unit price on every write; the CHECK stands behind
    # it, so switch the trigger off (until the test's rollback) to reach the CHECK.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE order_items DISABLE TRIGGER order_items_compute_subtotal")
    write(create_order_item(quantity=2), subtotal=Decimal("1.00"))


def second_shipping_address():
    order = create_order()
    address(order)
    address(order)


def shipment_item(quantity=1, twice=False):
    line = create_order_item(quantity=2)
    shipment = OrderShipment.objects.create(order=line.order, carrier="UPS")
    for _ in range(2 if twice else 1):
        OrderShipmentItem.objects.create(shipment=shipment, order_item=line, quantity=quantity)


VIOLATIONS = {
    "idx_orders_order_number": lambda: (create_order(order_number="SF-1"), create_order(order_number="SF-1")),
    "orders_idempotency_key_key": lambda: (create_order(idempotency_key="k1"), create_order(idempotency_key="k1")),
    "orders_status_check": lambda: write(create_order(), status="lost"),
    # The total still adds up, so only the negative tax is wrong.
    "orders_amounts_non_negative": lambda: write(
        create_order(subtotal="20.00"), tax=Decimal("-1.00"), total=Decimal("19.00")
    ),
    "orders_total_check": lambda: write(create_order(subtotal="20.00"), total=Decimal("19.99")),
    # 20 - 30 + 15 = 5: every amount is fine but the discount exceeds what was charged for goods and shipping.
    "orders_discount_within_amount": lambda: write(
        create_order(subtotal="20.00"), discount=Decimal("30.00"), tax=Decimal("15.00"), total=Decimal("5.00")
    ),
    "order_items_quantity_positive": lambda: write(create_order_item(), quantity=0, subtotal=Decimal("0")),
    "order_items_unit_price_non_negative": lambda: write(
        create_order_item(quantity=2), unit_price=Decimal("-1.00"), subtotal=Decimal("-2.00")
    ),
    "order_items_subtotal_check": subtotal_that_is_not_quantity_times_price,
    "order_items_returned_within_quantity": lambda: write(create_order_item(quantity=2), quantity_returned=3),
    "order_addresses_one_per_type": second_shipping_address,
    "order_addresses_type_check": lambda: address(create_order(), address_type="gift"),
    "order_shipments_status_check": lambda: OrderShipment.objects.create(
        order=create_order(), carrier="UPS", status="lost"
    ),
    "order_shipment_items_line_once": lambda: shipment_item(twice=True),
    "order_shipment_items_quantity_positive": lambda: shipment_item(quantity=0),
    "order_status_history_status_check": lambda: OrderStatusHistory.objects.create(order=create_order(), status="lost"),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
