"""Stock and money invariants shared by the property tests (order operations, concurrent checkouts).

Each takes rows already read, so a test can read everything of an example in a fixed number of
queries and then check it.
"""

from decimal import Decimal

from django.db.models import F, Func, OuterRef, Subquery
from django.db.models.functions import Coalesce

from apps.inventory.models import StockLevel, StockMovement, StockReservation


def total(queryset, field):
    """The sum of `field` over `queryset` (which filters on OuterRef) as a subquery; 0 when it is empty."""
    summed = queryset.order_by().annotate(total=Func(F(field), function="SUM")).values("total")
    return Coalesce(Subquery(summed), 0, output_field=type(queryset.model._meta.get_field(field))())


def levels_with_ledger(products):
    """The stock levels of `products` (without variants) with what their ledger and holds say."""
    item = {"warehouse": OuterRef("warehouse"), "product": OuterRef("product")}
    return StockLevel.objects.filter(product__in=products).annotate(
        ledger_on_hand=total(StockMovement.objects.filter(**item), "on_hand_delta"),
        ledger_reserved=total(StockMovement.objects.filter(**item), "reserved_delta"),
        held=total(StockReservation.objects.filter(stock_level=OuterRef("pk"), status="active"), "quantity"),
    )


def assert_stock_matches_the_ledger(levels):
    """On hand and reserved are the sums of the ledger, reserved is what active holds keep, and
    nothing is sold that is not there."""
    for level in levels:
        assert (level.quantity_on_hand, level.quantity_reserved) == (level.ledger_on_hand, level.ledger_reserved)
        assert level.quantity_reserved == level.held
        assert 0 <= level.quantity_reserved <= level.quantity_on_hand


def assert_payments_match_their_gateway_calls(payments):
    """Captured and refunded are what the payment's successful capture calls and refunds say
    (payments annotated with captured_calls and refund_rows)."""
    for payment in payments:
        assert (payment.amount_captured, payment.amount_refunded) == (payment.captured_calls, payment.refund_rows)
        assert Decimal("0.00") <= payment.amount_refunded <= payment.amount_captured <= payment.amount


def assert_coupon_uses_match_redemptions(coupon):
    """A coupon annotated with its redemptions: its use count is theirs, within its limit."""
    assert coupon.times_used == coupon.redemptions
    if coupon.usage_limit is not None:
        assert coupon.times_used <= coupon.usage_limit
