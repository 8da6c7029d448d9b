"""Shipping methods for an address and their price for a subtotal."""

import datetime
from decimal import Decimal

import pytest

from apps.shipping.exceptions import ShippingMethodUnavailable
from apps.shipping.models import ShippingRate, ShippingZone
from apps.shipping.selectors import (
    add_business_days,
    get_method_for_address,
    methods_for_address,
    served_destinations,
    shipping_price,
    shipping_quotes,
)
from tests.factories import create_shipping_method

pytestmark = pytest.mark.django_db


def names(methods):
    return sorted(method.name for method in methods)


def test_methods_are_those_whose_zone_covers_the_country_and_state():
    create_shipping_method("Nationwide", countries=["US"])
    create_shipping_method("West coast", countries=["US"], states=["CA", "OR"])
    create_shipping_method("Canada", countries=["CA"])
    assert names(methods_for_address(country_code="us", state="ca")) == ["Nationwide", "West coast"]
    assert names(methods_for_address(country_code="US", state="NY")) == ["Nationwide"]


def test_inactive_methods_and_zones_are_not_offered():
    create_shipping_method("Paused", is_active=False)
    zone = ShippingZone.objects.create(name="Closed", countries=["US"], is_active=False)
    create_shipping_method("In closed zone", zone=zone)
    assert names(methods_for_address(country_code="US", state="IL")) == []


def test_a_method_that_does_not_serve_the_address_is_refused():
    method = create_shipping_method("Canada", countries=["CA"])
    with pytest.raises(ShippingMethodUnavailable, match="does not deliver to the chosen address"):
        get_method_for_address(method_id=method.pk, country_code="US", state="IL")


def test_price_is_free_above_the_threshold_else_the_highest_tier_reached_else_the_base_price():
    method = create_shipping_method(price="9.00", free_above=Decimal("100.00"))
    ShippingRate.objects.create(method=method, min_subtotal=Decimal("25.00"), price=Decimal("6.00"))
    ShippingRate.objects.create(method=method, min_subtotal=Decimal("50.00"), price=Decimal("4.00"))
    assert shipping_price(method=method, subtotal=Decimal("10.00")) == Decimal("9.00")
    assert shipping_price(method=method, subtotal=Decimal("25.00")) == Decimal("6.00")
    assert shipping_price(method=method, subtotal=Decimal("99.99")) == Decimal("4.00")
    assert shipping_price(method=method, subtotal=Decimal("100.00")) == Decimal("0.00")


def test_business_days_skip_the_weekend():
    friday = datetime.date(2026, 11, 20)
    assert add_business_days(friday, 1) == datetime.date(2026, 11, 23)
    assert add_business_days(friday, 5) == datetime.date(2026, 11, 27)


def test_quotes_are_cheapest_first_with_a_delivery_date():
    create_shipping_method("Express", price="15.00", estimated_days=1)
    create_shipping_method("Standard", price="5.00", estimated_days=5)
    monday = datetime.date(2026, 11, 16)
    quotes = shipping_quotes(country_code="US", state="IL", subtotal=Decimal("30.00"), today=monday)
    assert [(q.method.name, q.price, q.estimated_delivery) for q in quotes] == [
        ("Standard", Decimal("5.00"), datetime.date(2026, 11, 23)),
        ("Express", Decimal("15.00"), datetime.date(2026, 11, 17)),
    ]


def test_served_destinations_are_the_countries_and_states_of_active_zones_with_an_active_method():
    create_shipping_method(countries=("US",), states=("CA", "NY"))
    create_shipping_method(countries=("US", "DE"))
    create_shipping_method(countries=("FR",), is_active=False)
    ShippingZone.objects.create(name="No methods yet", countries=["IT"])

    assert served_destinations() == {"DE": [], "US": ["CA", "NY"]}
