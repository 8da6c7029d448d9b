"""Every write of planning; see the modules for each part."""

from .demand import refresh_demand_history
from .forecasts import run_forecasts
from .purchasing import (
    close_purchase_order,
    create_purchase_order,
    draft_from_suggestions,
    receive_purchase_order,
    send_purchase_order,
)
from .reorder import update_suggestions

__all__ = [
    "close_purchase_order",
    "create_purchase_order",
    "draft_from_suggestions",
    "receive_purchase_order",
    "refresh_demand_history",
    "run_forecasts",
    "send_purchase_order",
    "update_suggestions",
]
