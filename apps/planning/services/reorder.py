"""Reorder suggestions from the forecast, the supplier's lead time and pack, and the planning policy.

    safety stock  = z(service level) × σ(demand over the lead time), σ_LT = σ_week × √(lead days / 7)
    reorder point = expected demand over the lead time + safety stock
    order-up-to   = expected demand over lead time + target cover, + safety stock
    order         = order-up-to − (available + on order), when that position is at or below the
                    reorder point; at least the minimum order, in whole packs

The computed point and lot are written into the stock level (the low-stock alert reads them there)
unless staff set that level's point by hand.
"""

import math
from statistics import NormalDist

import numpy as np
from django.conf import settings
from django.db import connection

from .. import selectors
from ..forecasting import HORIZON
from ..models import ReorderSuggestion
from .bulk import copy_rows

DAYS = HORIZON * 7


def _demand_within(weekly, days):
    """Expected units over the next `days` (per row), the last week's rate carrying on past the horizon."""
    daily = np.repeat(weekly / 7.0, 7, axis=1)
    cumulative = np.concatenate([np.zeros((len(weekly), 1)), np.cumsum(daily, axis=1)], axis=1)
    inside = np.minimum(days, DAYS)
    rows = np.arange(len(weekly))
    return cumulative[rows, inside] + np.maximum(days - DAYS, 0) * daily[:, -1]


def _round_to_packs(quantity, minimum, pack):
    quantity = np.where(quantity > 0, np.maximum(quantity, minimum), 0)
    return (np.ceil(quantity / pack) * pack).astype(int)


def compute(levels):
    """Suggestion numbers for selectors.planning_inputs() rows, as a dict of arrays."""
    weekly = np.array([row.weekly or [0.0] * HORIZON for row in levels], dtype=float).reshape(-1, HORIZON)
    sigma = np.array([row.sigma or 0.0 for row in levels])
    lead = np.array([row.lead_time_days or settings.PLANNING_DEFAULT_LEAD_TIME_DAYS for row in levels])
    cover = np.array([row.policy.target_cover_days for row in levels])
    z = np.array([NormalDist().inv_cdf(float(row.policy.service_level)) for row in levels])
    pack = np.array([row.pack_size or 1 for row in levels])
    minimum = np.array([row.minimum_order or 1 for row in levels])
    available = np.array([row.available for row in levels])
    on_order = np.array([row.on_order for row in levels])

    lead_demand = _demand_within(weekly, lead)
    safety = np.ceil(np.maximum(z * sigma * np.sqrt(lead / 7.0), 0)).astype(int)
    reorder_point = np.ceil(lead_demand + safety - 1e-9).astype(int)
    order_up_to = _demand_within(weekly, lead + cover) + safety
    position = available + on_order
    wanted = np.where(position <= reorder_point, np.ceil(order_up_to - position), 0)
    daily = weekly.sum(axis=1) / DAYS
    return {
        "lead_time_days": lead,
        "daily_demand": daily,
        "lead_time_demand": lead_demand,
        "safety_stock": safety,
        "reorder_point": reorder_point,
        "order_quantity": _round_to_packs(wanted, minimum, pack),
        "lot": _round_to_packs(np.ceil(_demand_within(weekly, cover)), minimum, pack),
        "days_of_cover": np.where(daily > 0, np.maximum(available, 0) / np.where(daily > 0, daily, 1), np.nan),
    }


def _suggestion_rows(levels, numbers):
    for n, row in enumerate(levels):
        cover = numbers["days_of_cover"][n]
        yield (
            row.stock_level_id,
            row.forecast_id,
            row.supplier_product_id,
            int(numbers["lead_time_days"][n]),
            row.policy.service_level,
            row.policy.target_cover_days,
            round(float(numbers["daily_demand"][n]), 4),
            round(float(numbers["lead_time_demand"][n]), 3),
            int(numbers["safety_stock"][n]),
            int(numbers["reorder_point"][n]),
            row.available,
            row.on_order,
            int(numbers["order_quantity"][n]),
            None if math.isnan(cover) else round(float(cover), 1),
        )


def update_suggestions(*, run):
    """Replace every reorder suggestion from `run`'s forecasts; set computed points on stock levels.

    Returns how many suggestions were written.
    """
    levels = selectors.planning_inputs(run=run)
    numbers = compute(levels)
    ReorderSuggestion.objects.all().delete()
    copy_rows(
        "reorder_suggestions",
        [
            "stock_level_id",
            "forecast_id",
            "supplier_product_id",
            "lead_time_days",
            "service_level",
            "target_cover_days",
            "daily_demand",
            "lead_time_demand",
            "safety_stock",
            "reorder_point",
            "available",
            "on_order",
            "order_quantity",
            "days_of_cover",
        ],
        _suggestion_rows(levels, numbers),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """UPDATE warehouse_stock ws SET reorder_point = c.point, reorder_quantity = c.lot, updated_at = now()
                 FROM unnest(%s::uuid[], %s::int[], %s::int[]) AS c(id, point, lot)
                WHERE ws.id = c.id AND NOT ws.reorder_point_manual
                  AND (ws.reorder_point, ws.reorder_quantity) IS DISTINCT FROM (c.point, c.lot)""",
            [
                [row.stock_level_id for row in levels],
                [int(v) for v in numbers["reorder_point"]],
                [int(v) for v in numbers["lot"]],
            ],
        )
    return len(levels)
