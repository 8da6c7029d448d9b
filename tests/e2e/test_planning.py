"""The reorder page in a real browser: the forecast chart draws history, forecast and band."""

import math

import pytest

from apps.inventory.models import Supplier
from apps.inventory.services import receive_stock
from apps.planning import services
from apps.planning.models import ReorderSuggestion, SupplierProduct
from tests.factories import create_product, create_staff, create_warehouse
from tests.planning.conftest import sell_weekly

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_see_an_items_forecast_chart_on_the_reorder_list(page, screenshot):
    lamp = create_product(name="Garden Lamp")
    warehouse = create_warehouse(code="EU-1")
    supplier = Supplier.objects.create(name="Lumen Ltd", lead_time_days=10)
    SupplierProduct.objects.create(supplier=supplier, product=lamp, cost="12.00", pack_size=6, minimum_order=12)
    receive_stock(warehouse=warehouse, product=lamp, quantity=15)
    # 80 weeks of a seasonal seller, growing, with a little deterministic noise.
    weekly = [
        max(0, round((20 + 0.1 * n) * (1 + 0.4 * math.sin(2 * math.pi * (n + 20) / 52)) + 3 * math.sin(7 * n)))
        for n in range(80)
    ]
    sell_weekly(lamp, weekly, 80)
    services.refresh_demand_history()
    services.run_forecasts()
    create_staff(email="planner@example.com", password="correct horse battery", is_superuser=True)

    page.goto("/admin/login/?next=/admin/planning/reordersuggestion/")
    page.get_by_label("Email").fill("planner@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Running out first").wait_for()
    screenshot(page, "planning-reorder-list")
    page.get_by_role("link", name="Garden Lamp").first.click()

    chart = "Chart.getChart(document.getElementById('forecast-chart'))"
    page.wait_for_function(f"window.Chart && {chart}")
    points = page.evaluate(f"{chart}.data.datasets.map(d => d.data.filter(v => v !== null).length)")
    assert points == [52, 12, 12, 12]  # sold, band low, band high, forecast
    suggestion = ReorderSuggestion.objects.get()
    assert page.get_by_text("Demand and forecast — Garden Lamp at EU-1").is_visible()
    assert suggestion.order_quantity > 0
    screenshot(page, "planning-forecast-chart")
