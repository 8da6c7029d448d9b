"""The events people are told about. Each is the key of its email template (`email_templates.key`).

Every caller of `notify` passes a context with at least `title` (one line: the in-shop title and the
default subject), `body` (a few readable sentences) and `data` (JSON: ids, numbers, amounts); it may
add `link` (an absolute URL the person should open) and objects its own template uses.

Which mail a person may switch off (`CATEGORY`):
- transactional: what a purchase, a return or the account itself needs the person to know
  (orders, returns, password reset, email verification). Always sent; no preference can stop it.
- alert: news the person asked for by their own action and can live without: wishlist back in stock
  and price drop, and the outcome of a review they wrote. Each can be switched off, by email and in
  the shop separately.
- marketing: newsletters and offers; none is sent yet, and the category is off-switchable by rule.
- staff: operations alerts (low stock, failed backup, failed restore drill). Not switchable: a
  failed backup must reach someone.
"""

from django.db import models


class Event(models.TextChoices):
    ORDER_PLACED = "order_placed", "Order placed"
    ORDER_CONFIRMED = "order_confirmed", "Order confirmed"
    ORDER_SHIPPED = "order_shipped", "Order shipped"
    ORDER_DELIVERED = "order_delivered", "Order delivered"
    ORDER_CANCELLED = "order_cancelled", "Order cancelled"
    ORDER_REFUNDED = "order_refunded", "Order refunded"
    ORDER_LINK = "order_link", "Order link (guest lookup)"
    RETURN_APPROVED = "return_approved", "Return approved"
    RETURN_REJECTED = "return_rejected", "Return rejected"
    RETURN_RECEIVED = "return_received", "Return received"
    RETURN_REFUNDED = "return_refunded", "Return refunded"
    REVIEW_APPROVED = "review_approved", "Review approved"
    REVIEW_REJECTED = "review_rejected", "Review rejected"
    PASSWORD_RESET = "password_reset", "Password reset"
    EMAIL_VERIFICATION = "email_verification", "Email verification"
    BACK_IN_STOCK = "back_in_stock", "Back in stock"
    PRICE_DROP = "price_drop", "Price drop"
    LOW_STOCK = "low_stock_alert", "Low stock (staff)"
    PURCHASE_ORDER_SENT = "purchase_order_sent", "Purchase order sent (supplier)"
    BACKUP_FAILED = "backup_failed", "Backup failed (staff)"
    DRILL_FAILED = "drill_failed", "Restore drill failed (staff)"
    DB_HEALTH_CRITICAL = "db_health_critical", "Database health critical (staff)"


class Category(models.TextChoices):
    TRANSACTIONAL = "transactional", "Transactional"
    ALERT = "alert", "Alert"
    MARKETING = "marketing", "Marketing"
    STAFF = "staff", "Staff"


SWITCHABLE_CATEGORIES = frozenset({Category.ALERT, Category.MARKETING})

CATEGORY = {
    **dict.fromkeys(
        [
            Event.ORDER_PLACED,
            Event.ORDER_CONFIRMED,
            Event.ORDER_SHIPPED,
            Event.ORDER_DELIVERED,
            Event.ORDER_CANCELLED,
            Event.ORDER_REFUNDED,
            Event.ORDER_LINK,
            Event.RETURN_APPROVED,
            Event.RETURN_REJECTED,
            Event.RETURN_RECEIVED,
            Event.RETURN_REFUNDED,
            Event.PASSWORD_RESET,
            Event.EMAIL_VERIFICATION,
            Event.PURCHASE_ORDER_SENT,  # to a supplier, who has no account to set preferences in
        ],
        Category.TRANSACTIONAL,
    ),
    **dict.fromkeys(
        [Event.BACK_IN_STOCK, Event.PRICE_DROP, Event.REVIEW_APPROVED, Event.REVIEW_REJECTED], Category.ALERT
    ),
    **dict.fromkeys(
        [Event.LOW_STOCK, Event.BACKUP_FAILED, Event.DRILL_FAILED, Event.DB_HEALTH_CRITICAL], Category.STAFF
    ),
}

# Their mail carries a one-time secret link: never shown in the shop, and the stored copy of the
# body is erased once the mail has left (the database keeps only the token's hash).
SECRET_EVENTS = frozenset({Event.PASSWORD_RESET, Event.EMAIL_VERIFICATION, Event.ORDER_LINK})


def is_switchable(event) -> bool:
    return CATEGORY[Event(event)] in SWITCHABLE_CATEGORIES


def switchable_events() -> list[Event]:
    """The events a person may switch off, in the order of Event."""
    return [event for event in Event if is_switchable(event)]
