"""Staff planning endpoints: suggestions and forecasts, drafting, the purchase-order steps, analytics."""

# Fixtures come from tests.staff_api (imported below), so pytest passes them in as arguments.
# ruff: noqa: F811

import pytest

from apps.inventory.models import StockLevel, StockMovement
from apps.inventory.services import receive_stock
from apps.planning import services
from apps.planning.models import PurchaseOrder, ReorderSuggestion
from tests.factories import create_product, create_warehouse
from tests.planning.conftest import sell_weekly
from tests.staff_api import V1, anonymous_api, assert_staff_only, shopper_api, staff, staff_api  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(steady_seller):
    services.refresh_demand_history()
    services.run_forecasts()
    return steady_seller


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "suggestions/"), ("post", "suggestions/draft/"), ("get", "purchase-orders/"), ("get", "analytics/")],
)
def test_planning_endpoints_are_for_staff_only(anonymous_api, shopper_api, method, path):
    assert_staff_only(anonymous_api, shopper_api, method, f"{V1}/planning/{path}")


def test_suggestions_list_what_to_order_with_the_forecast_of_each(staff_api, planned, django_assert_max_num_queries):
    for n in range(5):  # more items: the list still costs the same queries
        product = create_product(name=f"Other {n}")
        sell_weekly(product, 2, 20)
    services.refresh_demand_history()
    services.run_forecasts()
    with django_assert_max_num_queries(6):
        response = staff_api.get(f"{V1}/planning/suggestions/", {"all": "true"})
    assert response.status_code == 200
    rows = {row["product"]["name"]: row for row in response.json()["results"]}
    mug = rows["Steady Mug"]
    assert (mug["available"], mug["reorder_point"], mug["order_quantity"], mug["supplier"]["name"]) == (
        3,
        5,
        24,
        "Acme",
    )
    assert mug["reorder_point_set_by_hand"] is False

    chart = staff_api.get(f"{V1}/planning/suggestions/{mug['id']}/forecast/").json()
    assert (len(chart["labels"]), chart["forecast"][-12:], chart["history"][-13]) == (64, [5.0] * 12, 5.0)


def test_one_call_drafts_sends_and_receives_a_purchase_order(staff_api, planned):
    drafted = staff_api.post(f"{V1}/planning/suggestions/draft/", {}, format="json")
    assert drafted.status_code == 201
    [order] = drafted.json()
    url = f"{V1}/planning/purchase-orders/{order['id']}/"
    assert staff_api.post(f"{url}send/").json()["status"] == "sent"
    line = staff_api.get(url).json()["lines"][0]

    over = staff_api.post(f"{url}receive/", {"lines": [{"line": line["id"], "quantity": 30}]}, format="json")
    assert over.status_code == 400
    assert over.json()["error"] == {
        "code": "purchase_order_refused",
        "message": "Receiving 30 of “Steady Mug” would exceed the 24 ordered (0 already received).",
        "fields": {line["id"]: 30},
    }
    assert StockMovement.objects.filter(reference=order["number"]).count() == 0

    received = staff_api.post(f"{url}receive/", {"lines": [{"line": line["id"], "quantity": 24}]}, format="json")
    assert received.status_code == 200
    assert [step["status"] for step in received.json()["history"]] == ["draft", "sent", "received"]
    assert StockLevel.objects.get().quantity_on_hand == 27

    closed = staff_api.post(f"{url}close/")
    assert (closed.status_code, closed.json()["error"]["code"]) == (409, "purchase_order_state")


def test_a_purchase_order_created_by_hand_refuses_negative_quantities(staff_api, planned):
    product, warehouse, supplier = planned
    body = {
        "supplier": str(supplier.pk),
        "warehouse": str(warehouse.pk),
        "lines": [{"product": str(product.pk), "quantity": -2, "unit_cost": "5.00"}],
    }
    response = staff_api.post(f"{V1}/planning/purchase-orders/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "lines": {"0": {"quantity": ["Ensure this value is greater than or equal to 1."]}}
    }
    assert not PurchaseOrder.objects.exists()


def test_the_analytics_panel_gives_the_forecast_error_and_who_runs_out_first(staff_api, steady_seller):
    """The steady mug (3 left, 5 a week) runs out before the plate (40 left, 2 to 6 a week); only the
    plate's error is defined (a constant series has no naive error to scale by)."""
    _, warehouse, _ = steady_seller
    plate = create_product(name="Plate")
    receive_stock(warehouse=warehouse, product=plate, quantity=40)
    sell_weekly(plate, [2, 6], 20)
    services.refresh_demand_history()
    services.run_forecasts()

    data = staff_api.get(f"{V1}/planning/analytics/").json()
    [error] = data["forecast_error"]
    assert (error["method"], error["items"]) == ("seasonal", 2)
    assert 0 < error["mase"] < 1
    running_out = [(r["product"]["name"], r["days_of_cover"]) for r in data["running_out_first"]]
    assert running_out[0] == ("Steady Mug", 4.2)
    assert running_out[1][0] == "Plate" and running_out[1][1] > 60


def test_a_transfer_request_ships_and_arrives_through_the_api(staff_api):
    product, source, destination = create_product(name="Kettle"), create_warehouse(code="A"), create_warehouse(code="B")
    receive_stock(warehouse=source, product=product, quantity=5)
    body = {"product": str(product.pk), "source": str(source.pk), "destination": str(destination.pk), "quantity": 5}
    transfer = staff_api.post(f"{V1}/inventory/transfer-requests/", body, format="json").json()
    url = f"{V1}/inventory/transfer-requests/{transfer['id']}/"
    assert staff_api.post(f"{url}ship/").json()["status"] == "shipped"
    twice = staff_api.post(f"{url}ship/")
    assert (twice.status_code, twice.json()["error"]["code"]) == (409, "transfer_refused")
    assert staff_api.post(f"{url}receive/").json()["status"] == "received"
    listed = staff_api.get(f"{V1}/inventory/transfer-requests/", {"status": "received"}).json()
    assert [t["reference"] for t in listed["results"]] == [transfer["reference"]]
    assert ReorderSuggestion.objects.count() == 0
