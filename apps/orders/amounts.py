"""What part of an order's money some of its items stand for."""

from apps.core.money import to_money


def items_value(lines):
    """Σ unit price × units of [(order_item, units), ...]."""
    return sum((item.unit_price * units for item, units in lines), to_money(0))


def share_of_total(order, lines):
    """The items' share of what the customer pays (total × value / subtotal): what shipping them
    captures, their part of discount, tax and shipping included."""
    if not order.subtotal:
        return to_money(0)
    return to_money(order.total * items_value(lines) / order.subtotal)


def refund_value(order, lines):
    """What items are worth back to the customer: their price less their share of the discount
    (shipping and tax are not refunded), the rule returns use too."""
    value = items_value(lines)
    discount = to_money(order.discount * value / order.subtotal) if order.discount and order.subtotal else 0
    return to_money(value - min(discount, value))
