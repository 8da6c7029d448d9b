"""The events people are told about. Each is the key of its email template (`email_templates.key`)."""

from django.db import models


class Event(models.TextChoices):
    ORDER_PLACED = "order_placed", "Order placed"
    ORDER_CONFIRMED = "order_confirmed", "Order confirmed"
    ORDER_SHIPPED = "order_shipped", "Order shipped"
    ORDER_DELIVERED = "order_delivered", "Order delivered"
    ORDER_CANCELLED = "order_cancelled", "Order cancelled"
    ORDER_REFUNDED = "order_refunded", "Order refunded"
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
