"""Which shipping methods serve an address, and what they cost for an order subtotal."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from apps.shipping.exceptions import ShippingMethodUnavailable
from apps.shipping.models import ShippingMethod, ShippingRate, ShippingZone


@dataclass(frozen=True)
class ShippingQuote:
    method: ShippingMethod
    price: Decimal
    estimated_delivery: datetime.date


def methods_for_address(*, country_code: str, state: str = "") -> QuerySet[ShippingMethod]:
    """Active methods whose active zone covers the country and, when the zone lists states, the state."""
    state_matches = Q(zone__states=[])
    if state:
        state_matches |= Q(zone__states__contains=[state.upper()])
    return (
        ShippingMethod.objects.filter(
            state_matches,
            is_active=True,
            zone__is_active=True,
            zone__countries__contains=[country_code.upper()],
        )
        .select_related("zone", "carrier")
        .prefetch_related(Prefetch("rates", queryset=ShippingRate.objects.order_by("min_subtotal")))
    )


def get_method_for_address(*, method_id, country_code: str, state: str = "") -> ShippingMethod:
    """The chosen method, refused when it does not (or no longer) serve the address."""
    method = methods_for_address(country_code=country_code, state=state).filter(pk=method_id).first()
    if method is None:
        raise ShippingMethodUnavailable("This shipping method does not deliver to the chosen address.")
    return method


def shipping_price(*, method: ShippingMethod, subtotal: Decimal) -> Decimal:
    """Free from `free_above`; else the highest rate tier the subtotal reaches; else the method's price."""
    if method.free_above is not None and subtotal >= method.free_above:
        return Decimal("0.00")
    # Rates come prefetched in ascending order from methods_for_address; sorting again keeps
    # the rule right for a method loaded any other way.
    tiers = sorted(method.rates.all(), key=lambda rate: rate.min_subtotal)
    reached = [rate.price for rate in tiers if rate.min_subtotal <= subtotal]
    return reached[-1] if reached else method.price


def add_business_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days (Monday to Friday) after `start`."""
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def shipping_quotes(
    *, country_code: str, state: str = "", subtotal: Decimal, today: datetime.date | None = None
) -> list[ShippingQuote]:
    """Every method serving the address with its price for this subtotal, cheapest first."""
    today = today or timezone.localdate()
    quotes = [
        ShippingQuote(
            method=method,
            price=shipping_price(method=method, subtotal=subtotal),
            estimated_delivery=add_business_days(today, method.estimated_days),
        )
        for method in methods_for_address(country_code=country_code, state=state)
    ]
    return sorted(quotes, key=lambda quote: (quote.price, quote.estimated_delivery, quote.method.sort_order))


def served_destinations() -> dict[str, list[str]]:
    """{country code: state codes zones name there} of the active zones with an active method (an
    empty list: only whole-country zones). One query: what a country select may offer."""
    destinations = {}
    zones = ShippingZone.objects.filter(is_active=True, methods__is_active=True).distinct()
    for countries, states in zones.values_list("countries", "states"):
        for country in countries:
            destinations.setdefault(country, set()).update(states)
    return {country: sorted(states) for country, states in sorted(destinations.items())}
