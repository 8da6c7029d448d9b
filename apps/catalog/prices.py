"""The price bands shoppers filter listings by."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q


@dataclass(frozen=True)
class PriceBand:
    """Prices from `low` (inclusive) up to `high` (exclusive); None: no bound."""

    key: str
    label: str
    low: Decimal | None
    high: Decimal | None

    def condition(self) -> Q:
        condition = Q()
        if self.low is not None:
            condition &= Q(price__gte=self.low)
        if self.high is not None:
            condition &= Q(price__lt=self.high)
        return condition


PRICE_BANDS = [
    PriceBand("0-25", "Under $25", None, Decimal(25)),
    PriceBand("25-50", "$25 to $50", Decimal(25), Decimal(50)),
    PriceBand("50-100", "$50 to $100", Decimal(50), Decimal(100)),
    PriceBand("100-200", "$100 to $200", Decimal(100), Decimal(200)),
    PriceBand("200-500", "$200 to $500", Decimal(200), Decimal(500)),
    PriceBand("500-up", "$500 and above", Decimal(500), None),
]
