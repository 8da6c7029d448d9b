# Fixtures come from tests.staff_api (imported below), so pytest passes them in as arguments.
# ruff: noqa: F811

import uuid

import pytest

from apps.orders.models import OrderNote, OrderStatus
from tests.orders.factories import create_order
from tests.staff_api import V1, anonymous_api, assert_staff_only, shopper_api, staff, staff_api  # noqa: F401

pytestmark = pytest.mark.django_db


def url(order, action):
    return f"{V1}/orders/{order.pk}/{action}/"


def test_order_notes_are_for_staff_only(anonymous_api, shopper_api):
    assert_staff_only(anonymous_api, shopper_api, "post", url(create_order(), "notes"), {})


def test_there_is_no_bare_status_change(staff_api):
    order = create_order()
    response = staff_api.post(url(order, "status"), {"status": "delivered"})
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


def test_an_unknown_order_answers_404(staff_api):
    response = staff_api.post(f"{V1}/orders/{uuid.uuid4()}/notes/", {"body": "Hello"})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


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
