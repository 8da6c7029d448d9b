"""The database keeps order amounts: line subtotals at once, order subtotal and total at commit."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from apps.audit.models import AuditLogEntry
from apps.orders.models import Order, OrderItem
from tests.analytics.factories import create_order, create_order_item
from tests.factories import create_product

pytestmark = pytest.mark.django_db


def settle():
    """Run the deferred triggers as a commit would."""
    connection.check_constraints()


def test_a_line_subtotal_is_quantity_times_unit_price_whatever_the_insert_said():
    order = create_order()
    item = create_order_item(order, create_product(price="4.25"), quantity=3, subtotal=Decimal("1.00"))

    item.refresh_from_db()
    assert item.subtotal == Decimal("12.75")


def test_adding_changing_and_removing_lines_recomputes_the_order_at_commit():
    first, second = create_product(price="10.00"), create_product(price="2.50")
    order = create_order(lines=[(first, 1)], tax="1.00", shipping="5.00")

    create_order_item(order, second, quantity=4)
    settle()
    order.refresh_from_db()
    assert (order.subtotal, order.total) == (Decimal("20.00"), Decimal("26.00"))

    OrderItem.objects.filter(order=order, product=first).update(quantity=3)
    settle()
    order.refresh_from_db()
    assert (order.subtotal, order.total) == (Decimal("40.00"), Decimal("46.00"))

    OrderItem.objects.filter(order=order, product=second).delete()
    settle()
    order.refresh_from_db()
    assert (order.subtotal, order.total) == (Decimal("30.00"), Decimal("36.00"))


def test_lines_written_one_by_one_under_a_discount_do_not_trip_the_checks_midway():
    """A discount above the first line alone is fine: the order is recomputed once all lines are in."""
    product = create_product(price="8.00")
    with transaction.atomic():
        order = Order.objects.create(
            order_number="SF-TEST-DISCOUNT",
            subtotal=Decimal("16.00"),
            discount=Decimal("10.00"),
            total=Decimal("6.00"),
            customer_email="a@example.com",
        )
        create_order_item(order, product, quantity=1)
        create_order_item(order, product, quantity=1)
    settle()
    order.refresh_from_db()
    assert (order.subtotal, order.total) == (Decimal("16.00"), Decimal("6.00"))


def test_an_order_written_with_the_right_subtotal_is_left_alone_at_commit():
    """As checkout writes it: the recompute finds the same figure, so no second version of the row
    and no "update" entry in the audit log (issue #17)."""
    order = create_order(lines=[(create_product(price="10.00"), 2), (create_product(price="2.50"), 1)])

    settle()

    order.refresh_from_db()
    assert (order.subtotal, order.total) == (Decimal("22.50"), Decimal("22.50"))
    assert not AuditLogEntry.objects.filter(table_name="orders", operation="UPDATE", row_id=str(order.pk)).exists()


def test_changing_discount_tax_or_shipping_recomputes_the_total_at_once():
    order = create_order(lines=[(create_product(price="50.00"), 2)])

    Order.objects.filter(pk=order.pk).update(discount=Decimal("15.00"), tax=Decimal("8.50"), shipping=Decimal("4.99"))

    order.refresh_from_db()
    assert order.total == Decimal("98.49")


def test_removing_lines_below_the_discount_is_refused_at_commit():
    order = create_order(lines=[(create_product(price="20.00"), 1)], discount="15.00")
    order.items.all().delete()

    with pytest.raises(IntegrityError):
        settle()
