"""Reads of planning: demand history, forecasts, the reorder list, purchase orders and transfers."""

import datetime
from collections import namedtuple
from decimal import Decimal

import numpy as np
from django.db import connection
from django.db.models import F, Prefetch, Sum
from django.db.models.functions import TruncWeek

from apps.catalog.models import Category, Product
from apps.inventory.models import StockLevel

from .models import (
    DemandDay,
    ForecastRun,
    ItemForecast,
    PlanningPolicy,
    PurchaseOrder,
    PurchaseOrderLine,
    ReorderSuggestion,
)
from .weeks import HISTORY_WEEKS, history_mondays

Policy = namedtuple("Policy", "service_level target_cover_days")
DEFAULT_POLICY = Policy(Decimal("0.950"), 28)
NO_VARIANT = "'00000000-0000-0000-0000-000000000000'::uuid"
OPEN_PO = [PurchaseOrder.Status.DRAFT, PurchaseOrder.Status.SENT, PurchaseOrder.Status.PARTIALLY_RECEIVED]


# demand and forecasting inputs -----------------------------------------------------------------


def weekly_demand(*, start, stop):
    """(product, variant, warehouse, monday, units) per week with sales, Mondays from `start` to `stop`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT product_id, variant_id, warehouse_id, date_trunc('week', day)::date, sum(units)
                 FROM demand_daily WHERE day >= %s AND day < %s + 7
                GROUP BY 1, 2, 3, 4""",
            [start, stop],
        )
        yield from cursor


DemandMatrix = namedtuple("DemandMatrix", "keys units groups mondays")


def demand_matrix(*, until, weeks=HISTORY_WEEKS):
    """Weekly units of every stocked or sold item over the `weeks` complete weeks up to `until`.

    keys: (product, variant, warehouse) per row; units: rows × weeks; groups: each row's department
    (index of its top-level category); mondays: the weeks' Mondays, oldest first.
    """
    mondays = history_mondays(until, weeks)
    rows = list(weekly_demand(start=mondays[0], stop=mondays[-1]))
    keys = sorted(stocked_items() | {row[:3] for row in rows}, key=lambda key: tuple(map(str, key)))
    position = {key: n for n, key in enumerate(keys)}
    column = {monday: n for n, monday in enumerate(mondays)}
    units = np.zeros((len(keys), len(mondays)))
    for product, variant, warehouse, monday, total in rows:
        units[position[(product, variant, warehouse)], column[monday]] = total
    departments = department_of_products({product for product, _, _ in keys})
    groups = np.array([departments.get(product, 0) for product, _, _ in keys], dtype=int)
    return DemandMatrix(keys, units, groups, mondays)


def stocked_items():
    """{(product, variant, warehouse)} of every stock level."""
    return set(StockLevel.objects.values_list("product_id", "variant_id", "warehouse_id"))


def _roots():
    """{category id: index of its top-level ancestor} over the whole tree (a few hundred rows)."""
    parents = dict(Category.objects.values_list("id", "parent_id"))

    def root(category):
        seen = set()
        while parents.get(category) and category not in seen:
            seen.add(category)
            category = parents[category]
        return category

    tops = sorted({root(c) for c in parents}, key=str)
    index = {top: n for n, top in enumerate(tops)}
    return {category: index[root(category)] for category in parents}


def department_of_products(products):
    """{product id: index of its top-level category}; the pooled seasonality groups items by it."""
    roots = _roots()
    return {
        pid: roots.get(category, 0)
        for pid, category in Product.all_objects.filter(pk__in=products).values_list("id", "category_id")
    }


def policies_by_category():
    """{category id: Policy} for every category: its own policy, else the nearest ancestor's, else the default."""
    own = {
        category: Policy(level, cover)
        for category, level, cover in PlanningPolicy.objects.values_list(
            "category_id", "service_level", "target_cover_days"
        )
    }
    default = own.pop(None, DEFAULT_POLICY)
    parents = dict(Category.objects.values_list("id", "parent_id"))

    def resolve(category):
        seen = set()
        while category is not None and category not in seen:
            if category in own:
                return own[category]
            seen.add(category)
            category = parents.get(category)
        return default

    return {category: resolve(category) for category in parents}, default


PlanningInput = namedtuple(
    "PlanningInput",
    "stock_level_id category_id available forecast_id weekly sigma supplier_product_id lead_time_days "
    "pack_size minimum_order on_order policy",
)

PLANNING_INPUTS_SQL = f"""
SELECT ws.id, p.category_id, ws.quantity_on_hand - ws.quantity_reserved,
       f.id, f.weekly, f.sigma,
       sp.id, coalesce(sp.lead_time_days, s.lead_time_days), sp.pack_size, sp.minimum_order,
       coalesce(po.open_units, 0)
  FROM warehouse_stock ws
  JOIN products p ON p.id = ws.product_id
  LEFT JOIN item_forecasts f
         ON f.run_id = %(run)s AND f.warehouse_id = ws.warehouse_id AND f.product_id = ws.product_id
        AND coalesce(f.variant_id, {NO_VARIANT}) = coalesce(ws.variant_id, {NO_VARIANT})
  LEFT JOIN supplier_products sp
         ON sp.is_preferred AND sp.product_id = ws.product_id
        AND coalesce(sp.variant_id, {NO_VARIANT}) = coalesce(ws.variant_id, {NO_VARIANT})
  LEFT JOIN suppliers s ON s.id = sp.supplier_id
  LEFT JOIN (SELECT po.warehouse_id, l.product_id, coalesce(l.variant_id, {NO_VARIANT}) AS variant_key,
                    sum(greatest(l.quantity_ordered - l.quantity_received, 0)) AS open_units
               FROM purchase_order_lines l JOIN purchase_orders po ON po.id = l.purchase_order_id
              WHERE po.status IN ('draft', 'sent', 'partially_received')
              GROUP BY 1, 2, 3) po
         ON po.warehouse_id = ws.warehouse_id AND po.product_id = ws.product_id
        AND po.variant_key = coalesce(ws.variant_id, {NO_VARIANT})
 ORDER BY ws.id
"""


def planning_inputs(*, run):
    """Per stock level: availability, the run's forecast, the preferred supplier's terms, units on open
    purchase orders and the planning policy of its category."""
    policies, default = policies_by_category()
    with connection.cursor() as cursor:
        cursor.execute(PLANNING_INPUTS_SQL, {"run": run.pk})
        return [PlanningInput(*row, policies.get(row[1], default)) for row in cursor.fetchall()]


# the console and API -------------------------------------------------------------------------


def latest_run():
    return ForecastRun.objects.filter(status=ForecastRun.Status.SUCCEEDED).order_by("-created_at").first()


def reorder_list(*, warehouse=None, supplier=None, only_to_order=True):
    """Suggestions, soonest to run out first; one query whatever the page size."""
    suggestions = ReorderSuggestion.objects.select_related(
        "stock_level__warehouse",
        "stock_level__product",
        "stock_level__variant__product",
        "supplier_product__supplier",
    ).order_by(F("days_of_cover").asc(nulls_last=True), "stock_level__product__name", "pk")
    if only_to_order:
        suggestions = suggestions.filter(order_quantity__gt=0)
    if warehouse is not None:
        suggestions = suggestions.filter(stock_level__warehouse=warehouse)
    if supplier is not None:
        suggestions = suggestions.filter(supplier_product__supplier=supplier)
    return suggestions


def demand_weeks(*, product, variant, warehouse, start):
    """{monday: units} of one item in one warehouse since `start`."""
    rows = (
        DemandDay.objects.filter(product=product, variant=variant, warehouse=warehouse, day__gte=start)
        .annotate(week=TruncWeek("day"))
        .values("week")
        .annotate(units=Sum("units"))
        .values_list("week", "units")
    )
    return dict(rows)


def forecast_for(stock_level):
    """The latest forecast of one stock level's item, or None."""
    return (
        ItemForecast.objects.filter(
            product_id=stock_level.product_id,
            variant_id=stock_level.variant_id,
            warehouse_id=stock_level.warehouse_id,
            run__status=ForecastRun.Status.SUCCEEDED,
        )
        .order_by("-run__created_at")
        .first()
    )


def running_out_first(limit=10):
    """Stock levels with demand, by fewest days of cover at the current forecast."""
    return reorder_list(only_to_order=False).filter(days_of_cover__isnull=False)[:limit]


def purchase_orders(*, status=None, supplier=None):
    orders = (
        PurchaseOrder.objects.select_related("supplier", "warehouse")
        .annotate(
            units_ordered=Sum("lines__quantity_ordered"),
            units_received=Sum("lines__quantity_received"),
        )
        .order_by("-created_at", "pk")
    )
    if status:
        orders = orders.filter(status=status)
    if supplier is not None:
        orders = orders.filter(supplier=supplier)
    return orders


def purchase_order_detail(pk):
    lines = PurchaseOrderLine.objects.select_related("product", "variant__product")
    return (
        PurchaseOrder.objects.select_related("supplier", "warehouse")
        .prefetch_related(Prefetch("lines", queryset=lines), "history__user")
        .get(pk=pk)
    )


BAND_Z = 1.2816  # the forecast band holds 80 % of weeks (10 % either side)
CHART_HISTORY_WEEKS = 52


def forecast_chart(stock_level):
    """History (52 weeks), forecast (12 weeks) and its 80 % band of one stock level, for Chart.js."""
    forecast = forecast_for(stock_level)
    if forecast is None:
        return None
    first_week = forecast.first_week
    history = history_mondays(first_week - datetime.timedelta(days=1), CHART_HISTORY_WEEKS)
    sold = demand_weeks(
        product=stock_level.product_id,
        variant=stock_level.variant_id,
        warehouse=stock_level.warehouse_id,
        start=history[0],
    )
    future = [first_week + datetime.timedelta(weeks=n) for n in range(len(forecast.weekly))]
    spread = BAND_Z * forecast.sigma
    gap = [None] * len(history)
    return {
        "labels": [monday.isoformat() for monday in history + future],
        "history": [sold.get(monday, 0) for monday in history] + [None] * len(future),
        "forecast": gap + [round(v, 2) for v in forecast.weekly],
        "lower": gap + [round(max(v - spread, 0), 2) for v in forecast.weekly],
        "upper": gap + [round(v + spread, 2) for v in forecast.weekly],
        "method": forecast.get_method_display(),
    }


def forecast_error():
    """The latest run's in-sample MASE per method and its items per method."""
    run = latest_run()
    if run is None:
        return None
    return {"run": run, "rows": [(method, run.methods.get(method, 0), mase) for method, mase in run.error.items()]}
