# Fixtures come from tests.staff_api (imported below), so pytest passes them in as arguments.
# ruff: noqa: F811

import uuid

import pytest

from apps.orders.models import OrderNote, OrderStatus
from apps.orders.services import transition_order
from tests.orders.factories import create_order
from tests.staff_api import V1, anonymous_api, assert_staff_only, shopper_api, staff, staff_api  # noqa: F401

pytestmark = pytest.mark.django_db


def url(order, action):
    return f"{V1}/orders/{order.pk}/{action}/"


@pytest.mark.parametrize(("action", "data"), [("status", {"status": "confirmed"}), ("deliver", {}), ("notes", {})])
def test_order_operations_are_for_staff_only(anonymous_api, shopper_api, action, data):
    assert_staff_only(anonymous_api, shopper_api, "post", url(create_order(), action), data)


def test_staff_confirm_a_pending_order_and_the_history_says_who(staff_api, staff):
    order = create_order()
    response = staff_api.post(url(order, "status"), {"status": "confirmed", "notes": "Paid by phone"})
    assert response.status_code == 200
    assert response.json()["status"] == "confirmed"
    assert response.json()["order_number"] == order.order_number
    change = order.status_history.get()
    assert (change.previous_status, change.status, change.notes, change.created_by) == (
        "pending",
        "confirmed",
        "Paid by phone",
        staff,
    )


def test_a_move_the_state_machine_lacks_answers_409_with_the_reason(staff_api):
    order = create_order(status=OrderStatus.DELIVERED)
    response = staff_api.post(url(order, "status"), {"status": "shipped"})
    assert response.status_code == 409
    assert response.json()["error"] == {
        "code": "illegal_transition",
        "message": f"Cannot change order {order.order_number} from delivered to shipped.",
        "fields": {"status": "shipped"},
    }
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED


def test_an_unknown_status_answers_400_with_the_field_message(staff_api):
    response = staff_api.post(url(create_order(), "status"), {"status": "lost"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"status": ['"lost" is not a valid choice.']}


def test_an_unknown_order_answers_404(staff_api):
    response = staff_api.post(f"{V1}/orders/{uuid.uuid4()}/status/", {"status": "confirmed"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_staff_mark_a_shipped_order_delivered(staff_api):
    order = create_order(status=OrderStatus.PROCESSING)
    transition_order(order=order, to_status=OrderStatus.SHIPPED)
    response = staff_api.post(url(order, "deliver"), {"notes": "Left with the neighbour"})
    assert response.status_code == 200
    assert response.json()["status"] == "delivered"


def test_an_order_not_shipped_cannot_be_delivered(staff_api):
    response = staff_api.post(url(create_order(), "deliver"), {})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "illegal_transition"


def test_staff_write_a_note_the_customer_can_read(staff_api):
    order = create_order()
    response = staff_api.post(url(order, "notes"), {"body": "Gift wrap added.", "is_customer_visible": True})
    assert response.status_code == 201
    body = response.json()
    assert (body["body"], body["is_customer_visible"], body["author"]) == ("Gift wrap added.", True, "ops@example.com")
    assert OrderNote.objects.get(order=order).body == "Gift wrap added."


def test_an_empty_note_answers_400_and_writes_nothing(staff_api):
    order = create_order()
    response = staff_api.post(url(order, "notes"), {"body": "  "})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"body": ["This field may not be blank."]}
    assert not OrderNote.objects.filter(order=order).exists()
