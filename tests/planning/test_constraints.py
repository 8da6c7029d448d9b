"""Every constraint of the planning tables refuses a row written past Django's validation."""

import datetime
from decimal import Decimal

import pytest

from apps.inventory.models import Supplier
from apps.planning.models import (
    DemandDay,
    ForecastRun,
    ItemCost,
    ItemForecast,
    PlanningPolicy,
    PurchaseOrder,
    PurchaseOrderLine,
    SupplierProduct,
)
from tests.factories import create_category, create_product, create_warehouse
from tests.model_factories import refused_by

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def policy(**fields):
    return PlanningPolicy.objects.create(**{"category": create_category(), **fields})


def demand(product=None, warehouse=None, **fields):
    values = {"day": TODAY, "units": 1, "orders": 1, **fields}
    return DemandDay.objects.create(
        product=product or create_product(), warehouse=warehouse or create_warehouse(), **values
    )


def twice(make):
    """Two rows alike in their unique key."""
    product, warehouse = create_product(), create_warehouse()
    make(product, warehouse)
    make(product, warehouse)


def run(**fields):
    return ForecastRun.objects.create(history_until=TODAY, **fields)


def forecast(product=None, warehouse=None, the_run=None, **fields):
    values = {"method": "seasonal", "first_week": TODAY, "weekly": [1.0] * 12, "sigma": 1.0, **fields}
    return ItemForecast.objects.create(
        run=the_run or run(), product=product or create_product(), warehouse=warehouse or create_warehouse(), **values
    )


def link(product=None, supplier=None, **fields):
    return SupplierProduct.objects.create(
        supplier=supplier or Supplier.objects.create(name="Acme"),
        product=product or create_product(),
        **{"cost": Decimal("2.00"), **fields},
    )


def purchase_order(**fields):
    return PurchaseOrder.objects.create(
        supplier=Supplier.objects.create(name="Acme"),
        warehouse=create_warehouse(),
        **{"number": f"PO-{PurchaseOrder.objects.count():06d}", **fields},
    )


def line(order=None, product=None, **fields):
    values = {"quantity_ordered": 1, "unit_cost": Decimal("2.00"), **fields}
    return PurchaseOrderLine.objects.create(
        purchase_order=order or purchase_order(), product=product or create_product(), **values
    )


def same_line_twice():
    order, product = purchase_order(), create_product()
    line(order, product)
    line(order, product)


def two_preferred_suppliers():
    product = create_product()
    link(product, Supplier.objects.create(name="A"))
    link(product, Supplier.objects.create(name="B"))


def same_run_item_twice():
    the_run, product, warehouse = run(), create_product(), create_warehouse()
    forecast(product, warehouse, the_run)
    forecast(product, warehouse, the_run)


VIOLATIONS = {
    "planning_policies_category_key": lambda: (policy(category=None), policy(category=None)),
    "planning_policies_service_level_range": lambda: policy(service_level=Decimal("0.4")),
    "planning_policies_cover_positive": lambda: policy(target_cover_days=0),
    "demand_daily_key": lambda: twice(demand),
    "demand_daily_units_positive": lambda: demand(units=0),
    "forecast_runs_status_check": lambda: run(status="guessing"),
    "item_forecasts_item_key": same_run_item_twice,
    "item_forecasts_sigma_non_negative": lambda: forecast(sigma=-1),
    "item_forecasts_method_check": lambda: forecast(method="crystal_ball"),
    "supplier_products_item_key": lambda: twice(lambda p, _: link(p, Supplier.objects.get_or_create(name="S")[0])),
    "supplier_products_one_preferred": two_preferred_suppliers,
    "supplier_products_cost_non_negative": lambda: link(cost=Decimal("-1")),
    "supplier_products_pack_positive": lambda: link(pack_size=0),
    "supplier_products_minimum_positive": lambda: link(minimum_order=0),
    "purchase_orders_number_key": lambda: (purchase_order(number="PO-1"), purchase_order(number="PO-1")),
    "purchase_orders_status_check": lambda: purchase_order(status="lost"),
    "purchase_order_lines_item_key": same_line_twice,
    "purchase_order_lines_ordered_positive": lambda: line(quantity_ordered=0),
    "purchase_order_lines_cost_non_negative": lambda: line(unit_cost=Decimal("-0.01")),
    "item_costs_item_key": lambda: twice(lambda p, _: ItemCost.objects.create(product=p, average_cost=1)),
    "item_costs_non_negative": lambda: ItemCost.objects.create(product=create_product(), average_cost=-1),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
