# Fixtures come from tests.staff_api (imported below), so pytest passes them in as arguments.
# ruff: noqa: F811

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.inventory.models import MovementType, StockLevel, StockMovement
from apps.inventory.services import receive_stock
from tests.factories import create_product, create_stock, create_variant, create_warehouse
from tests.staff_api import V1, anonymous_api, assert_staff_only, shopper_api, staff, staff_api  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def mug():
    return create_product(name="Mug")


@pytest.fixture
def eu():
    return create_warehouse(code="EU-1")


@pytest.mark.parametrize("path", ["stock", "movements", "adjustments", "transfers", "receipts"])
def test_stock_endpoints_are_for_staff_only(anonymous_api, shopper_api, path):
    method = "get" if path in ("stock", "movements") else "post"
    assert_staff_only(anonymous_api, shopper_api, method, f"{V1}/inventory/{path}/")


def test_the_stock_list_filters_low_levels_of_one_warehouse(staff_api, mug, eu):
    create_stock(mug, warehouse=eu, on_hand=2, reorder_point=5)
    create_stock(create_product(name="Plate"), warehouse=eu, on_hand=50, reorder_point=5)
    create_stock(mug, warehouse=create_warehouse(code="US-1"), on_hand=1, reorder_point=5)
    response = staff_api.get(f"{V1}/inventory/stock/", {"warehouse": str(eu.pk), "low": "true"})
    assert response.status_code == 200
    assert response.json()["count"] == 1
    [level] = response.json()["results"]
    assert (level["product"]["name"], level["warehouse"]["code"], level["quantity_available"]) == ("Mug", "EU-1", 2)


def test_a_bad_filter_answers_400(staff_api):
    response = staff_api.get(f"{V1}/inventory/stock/", {"product": "mug"})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"product": ["Must be a valid UUID."]}


def _queries(api, url, page_size):
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url, {"page_size": page_size}).status_code == 200
    return len(queries)


def test_the_stock_and_ledger_lists_cost_the_same_queries_for_any_page_size(staff_api, staff, eu):
    for n in range(12):
        product = create_product()
        variant = create_variant(product) if n % 2 else None
        receive_stock(warehouse=eu, product=product, variant=variant, quantity=3, reference=f"PO-{n}", user=staff)
    for path in ("stock", "movements"):
        url = f"{V1}/inventory/{path}/"
        assert _queries(staff_api, url, 2) == _queries(staff_api, url, 12)


def test_staff_adjust_stock_with_a_reason(staff_api, staff, mug, eu):
    create_stock(mug, warehouse=eu, on_hand=10)
    response = staff_api.post(
        f"{V1}/inventory/adjustments/",
        {"warehouse": str(eu.pk), "product": str(mug.pk), "delta": -3, "reason": "Dropped a box"},
    )
    assert response.status_code == 201
    assert response.json()["quantity_on_hand"] == 7
    movement = StockMovement.objects.get(product=mug)
    assert (movement.movement_type, movement.on_hand_delta, movement.created_by) == (MovementType.ADJUSTMENT, -3, staff)


def test_an_adjustment_below_zero_is_refused_with_the_reason(staff_api, mug, eu):
    create_stock(mug, warehouse=eu, on_hand=2)
    response = staff_api.post(
        f"{V1}/inventory/adjustments/",
        {"warehouse": str(eu.pk), "product": str(mug.pk), "delta": -5, "reason": "Count"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Cannot remove 5 of “Mug” at EU-1: 2 on hand, 0 reserved for orders."
    assert StockLevel.objects.get(product=mug).quantity_on_hand == 2


def test_a_variant_of_another_product_is_refused(staff_api, mug, eu):
    other = create_variant(create_product())
    response = staff_api.post(
        f"{V1}/inventory/receipts/",
        {"warehouse": str(eu.pk), "product": str(mug.pk), "variant": str(other.pk), "quantity": 1},
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"variant": ["This variant belongs to another product."]}


def test_staff_receive_goods_from_a_delivery(staff_api, mug, eu):
    response = staff_api.post(
        f"{V1}/inventory/receipts/",
        {"warehouse": str(eu.pk), "product": str(mug.pk), "quantity": 24, "reference": "PO-1042"},
    )
    assert response.status_code == 201
    assert response.json()["quantity_on_hand"] == 24
    ledger = staff_api.get(f"{V1}/inventory/movements/", {"product": str(mug.pk), "movement_type": "receipt"})
    [movement] = ledger.json()["results"]
    assert (movement["reference"], movement["quantity"], movement["created_by"]) == ("PO-1042", 24, "ops@example.com")


def test_a_receipt_needs_a_positive_quantity(staff_api, mug, eu):
    response = staff_api.post(
        f"{V1}/inventory/receipts/", {"warehouse": str(eu.pk), "product": str(mug.pk), "quantity": 0}
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"quantity": ["Ensure this value is greater than or equal to 1."]}


def test_staff_move_stock_between_warehouses(staff_api, mug, eu):
    us = create_warehouse(code="US-1")
    create_stock(mug, warehouse=eu, on_hand=10)
    response = staff_api.post(
        f"{V1}/inventory/transfers/",
        {"product": str(mug.pk), "source": str(eu.pk), "destination": str(us.pk), "quantity": 4},
    )
    assert response.status_code == 201
    assert response.json()["source"]["quantity_on_hand"] == 6
    assert response.json()["destination"]["quantity_on_hand"] == 4


def test_moving_more_than_is_available_is_refused(staff_api, mug, eu):
    create_stock(mug, warehouse=eu, on_hand=1)
    response = staff_api.post(
        f"{V1}/inventory/transfers/",
        {"product": str(mug.pk), "source": str(eu.pk), "destination": str(create_warehouse().pk), "quantity": 4},
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Cannot move 4 of “Mug” from EU-1: only 1 available there."
