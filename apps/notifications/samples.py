"""Sample contexts for previewing templates in the admin: what `notify` passes for each event."""

from .events import Event

SAMPLE_USER = {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.com"}
SAMPLE_ORDER = {
    "order_number": "SF-2026-000123",
    "currency": "USD",
    "subtotal": "50.00",
    "discount": "5.00",
    "shipping": "5.00",
    "shipping_method_name": "Standard",
    "tax": "3.60",
    "total": "53.60",
}
SAMPLE_ITEMS = [{"quantity": 2, "product_name": "Brass Telescope", "variant_name": "", "subtotal": "50.00"}]
SAMPLE_ADDRESS = {
    "first_name": "Ada",
    "last_name": "Lovelace",
    "address_line_1": "12 St James's Square",
    "address_line_2": "",
    "city": "London",
    "state": "",
    "postal_code": "SW1Y 4JH",
    "country_code": "GB",
}

_BODIES = {
    Event.ORDER_PLACED: "Thank you for your order SF-2026-000123: 53.60 USD.",
    Event.ORDER_CONFIRMED: "Your order SF-2026-000123 is confirmed and being prepared.",
    Event.ORDER_SHIPPED: "Your order SF-2026-000123 is on its way.",
    Event.ORDER_DELIVERED: "Your order SF-2026-000123 was delivered.",
    Event.ORDER_CANCELLED: "Your order SF-2026-000123 was cancelled.",
    Event.ORDER_REFUNDED: "We refunded 53.60 USD for your order SF-2026-000123.",
    Event.ORDER_LINK: "Follow order SF-2026-000123, download its invoice or ask for a return with this link:",
    Event.RETURN_APPROVED: "Your return RMA-2026-000042 is approved. Please send the items back.",
    Event.RETURN_REJECTED: "Your return RMA-2026-000042 was not accepted: outside the return window.",
    Event.RETURN_RECEIVED: "We received the items of your return RMA-2026-000042.",
    Event.RETURN_REFUNDED: "We refunded 25.00 USD for your return RMA-2026-000042.",
    Event.REVIEW_APPROVED: "Your review of Brass Telescope is now published.",
    Event.REVIEW_REJECTED: "Your review of Brass Telescope was not published.",
    Event.PASSWORD_RESET: "Open this link to choose a new password (valid for one hour).",
    Event.EMAIL_VERIFICATION: "Open this link to confirm your email address (valid for 48 hours):",
    Event.BACK_IN_STOCK: "Brass Telescope from your wishlist is back in stock.",
    Event.PRICE_DROP: "Brass Telescope from your wishlist costs less now.",
    Event.LOW_STOCK: "EU-1: Brass Telescope — 3 available (reorder point 5, suggested order 20)",
    Event.BACKUP_FAILED: "The daily backup failed: pg_dump exited with status 1.",
    Event.DB_HEALTH_CRITICAL: "Disk usage: 93.0 % (critical above 90 %).",
    Event.DRILL_FAILED: "The weekly restore drill failed: row counts differ in orders.",
}
_DATA = {
    Event.ORDER_SHIPPED: {"carrier": "UPS", "tracking_number": "1Z999AA10123456784"},
    Event.ORDER_REFUNDED: {"amount": "53.60", "currency": "USD"},
    Event.RETURN_REFUNDED: {"amount": "25.00", "currency": "USD"},
    Event.PRICE_DROP: {"old_price": "129.00", "new_price": "99.00", "currency": "USD"},
}


def sample_context(key) -> dict:
    """A context shaped like the one the event's caller passes, with made-up values (a generic one for
    a template whose key is no event)."""
    label = Event(key).label if key in Event.values else str(key).replace("_", " ").capitalize()
    return {
        "title": f"{label}: SF-2026-000123",
        "body": _BODIES.get(key, "Something happened in the shop."),
        "link": "https://shop.example.com/account/",
        "data": _DATA.get(key, {}),
        "user": SAMPLE_USER,
        "order": SAMPLE_ORDER,
        "items": SAMPLE_ITEMS,
        "shipping_address": SAMPLE_ADDRESS,
    }
