"""Order reads: the detail page's data in constant queries, a customer's list, the staff list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.orders.models import OrderAddress, OrderStatus
from apps.orders.selectors import order_detail, orders_for_staff, orders_for_user
from apps.orders.services import add_order_note, transition_order
from apps.payments.models import Payment
from tests.factories import create_product, create_staff, create_user
from tests.orders.factories import create_order

pytestmark = pytest.mark.django_db


def full_order(lines):
    staff = create_staff()
    order = create_order(user=create_user(), lines=[(create_product(), 1) for _ in range(lines)])
    for kind in ("shipping", "billing"):
        OrderAddress.objects.create(
            order=order,
            address_type=kind,
            first_name="Ada",
            last_name="Lovelace",
            address_line_1="1 Row",
            city="Springfield",
            postal_code="62701",
            country_code="US",
        )
    Payment.objects.create(order=order, amount=order.total)
    transition_order(order=order, to_status=OrderStatus.CONFIRMED, user=staff)
    add_order_note(order=order, author=staff, body="Checked")
    return order


@pytest.mark.parametrize("lines", [1, 5])
def test_the_order_detail_takes_the_same_queries_however_many_lines(lines, django_assert_num_queries):
    order = full_order(lines)

    with django_assert_num_queries(8):  # the payments' refunds included
        detail = order_detail(order.pk)
        assert len(detail.items.all()) == lines
        assert [a.address_type for a in detail.addresses.all()] in (["shipping", "billing"], ["billing", "shipping"])
        assert detail.user.email == order.user.email
        assert [h.created_by.is_staff for h in detail.status_history.all()] == [True]
        assert [n.author.is_staff for n in detail.notes.all()] == [True]
        assert len(detail.payments.all()) == 1
        assert [list(p.refunds.all()) for p in detail.payments.all()] == [[]]
        assert list(detail.shipments.all()) == []


def test_a_customer_sees_only_their_orders_newest_first_with_unit_counts():
    customer = create_user()
    older = create_order(user=customer, lines=[(create_product(), 2)], placed_at=timezone.now() - timedelta(days=1))
    newer = create_order(user=customer, lines=[(create_product(), 1), (create_product(), 3)])
    create_order(user=create_user())

    assert [(o.order_number, o.item_count) for o in orders_for_user(customer)] == [
        (newer.order_number, 4),
        (older.order_number, 2),
    ]


def test_staff_filter_orders_by_status_search_and_date():
    now = timezone.now()
    shipped = create_order(status=OrderStatus.SHIPPED, customer_email="ada@example.com")
    old = create_order(placed_at=now - timedelta(days=10))
    create_order(customer_email="bob@example.com")

    assert [o.pk for o in orders_for_staff(status="shipped")] == [shipped.pk]
    assert [o.pk for o in orders_for_staff(search="ADA@")] == [shipped.pk]
    assert [o.pk for o in orders_for_staff(search=old.order_number)] == [old.pk]
    assert old.pk not in [o.pk for o in orders_for_staff(placed_from=now - timedelta(days=1))]
    assert [o.pk for o in orders_for_staff(placed_to=now - timedelta(days=1))] == [old.pk]
