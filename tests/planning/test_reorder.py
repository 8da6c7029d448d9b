"""Reorder arithmetic and the planning policy a category gets."""

from decimal import Decimal

import pytest

from apps.planning.models import PlanningPolicy
from apps.planning.selectors import DEFAULT_POLICY, PlanningInput, Policy, policies_by_category
from apps.planning.services.reorder import compute
from tests.factories import create_category


def level(**fields):
    values = {
        "stock_level_id": None,
        "category_id": None,
        "available": 20,
        "forecast_id": None,
        "weekly": [10.0] * 12,
        "sigma": 7.0,
        "supplier_product_id": None,
        "lead_time_days": 7,
        "pack_size": 10,
        "minimum_order": 30,
        "on_order": 0,
        "policy": Policy(Decimal("0.95"), 28),
        **fields,
    }
    return PlanningInput(**values)


def test_safety_stock_reorder_point_and_order_follow_the_formulas():
    """10 a week, σ 7 a week, 7 days' lead time, 95 %: safety ⌈1.645 × 7⌉ = 12, point 10 + 12 = 22;
    20 available is below it: order up to 10 × 5 weeks + 12 = 62 → 42 → packs of 10 → 50."""
    numbers = compute([level()])
    assert (numbers["safety_stock"][0], numbers["reorder_point"][0], numbers["order_quantity"][0]) == (12, 22, 50)
    assert numbers["days_of_cover"][0] == pytest.approx(14.0)


def test_nothing_is_ordered_above_the_point_or_when_open_orders_cover_it_and_the_minimum_applies():
    above, covered_by_orders = compute(
        [level(available=23), level(available=21, on_order=30, weekly=[1.0] * 12, sigma=0)]
    )["order_quantity"]
    assert (above, covered_by_orders) == (0, 0)
    [small] = compute([level(available=0, weekly=[1.0] * 12, sigma=0)])["order_quantity"]
    assert small == 30  # 5 wanted, minimum 30 (a multiple of the pack)


def test_a_higher_service_level_holds_more_safety_stock():
    [normal, strict] = compute([level(), level(policy=Policy(Decimal("0.99"), 28))])["safety_stock"]
    assert (normal, strict) == (12, 17)  # ⌈2.326 × 7⌉


@pytest.mark.django_db
def test_a_category_uses_its_own_policy_else_its_parents_else_the_shop_default():
    garden = create_category(name="Garden")
    tools, pots = create_category(name="Tools", parent=garden), create_category(name="Pots", parent=garden)
    toys = create_category(name="Toys")
    PlanningPolicy.objects.create(category=None, service_level=Decimal("0.900"), target_cover_days=21)
    PlanningPolicy.objects.create(category=garden, service_level=Decimal("0.980"), target_cover_days=42)
    PlanningPolicy.objects.create(category=pots, service_level=Decimal("0.990"), target_cover_days=14)

    policies, default = policies_by_category()
    assert default == Policy(Decimal("0.900"), 21) != DEFAULT_POLICY
    assert [policies[c.pk] for c in (garden, tools, pots, toys)] == [
        Policy(Decimal("0.980"), 42),
        Policy(Decimal("0.980"), 42),
        Policy(Decimal("0.990"), 14),
        Policy(Decimal("0.900"), 21),
    ]
