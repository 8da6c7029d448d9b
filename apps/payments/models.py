from django.db import models
from django.db.models import F, Q

from apps.core.crypto import EncryptedTextField
from apps.core.fields import MoneyField
from apps.core.models import BaseModel


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    AUTHORIZED = "authorized", "Authorised"
    CAPTURED = "captured", "Captured"
    PARTIALLY_REFUNDED = "partially_refunded", "Partially refunded"
    REFUNDED = "refunded", "Refunded"
    FAILED = "failed", "Failed"
    VOIDED = "voided", "Voided"


class Payment(BaseModel):
    """Money for an order through a gateway. Only the card's brand and last four digits are kept."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="payments")
    amount = MoneyField(db_comment="Amount authorised")
    currency = models.CharField(max_length=3, default="USD")
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    payment_method = models.CharField(max_length=20, default="card")
    gateway = models.CharField(max_length=30, default="test", db_comment="Gateway that processed it")
    gateway_reference = models.CharField(max_length=100, null=True, blank=True, db_comment="The gateway's charge id")
    card_brand = models.CharField(max_length=20, blank=True, default="")
    card_last_four = models.CharField(max_length=4, blank=True, default="")
    amount_captured = MoneyField(default=0, db_default=0)
    amount_refunded = MoneyField(default=0, db_default=0)
    authorized_at = models.DateTimeField(null=True, blank=True)
    captured_at = models.DateTimeField(null=True, blank=True)
    failure_code = models.CharField(max_length=50, blank=True, default="")
    failure_message = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        db_table = "payments"
        db_table_comment = "Payments of orders"
        constraints = [
            models.UniqueConstraint(fields=["gateway", "gateway_reference"], name="payments_gateway_reference_key"),
            models.CheckConstraint(condition=Q(status__in=PaymentStatus.values), name="payments_status_check"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payments_amount_positive"),
            models.CheckConstraint(
                condition=Q(amount_captured__gte=0, amount_captured__lte=F("amount")),
                name="payments_captured_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(amount_refunded__gte=0, amount_refunded__lte=F("amount_captured")),
                name="payments_refunded_within_captured",
            ),
            models.CheckConstraint(
                condition=Q(card_last_four="") | Q(card_last_four__regex=r"^[0-9]{4}$"),
                name="payments_card_last_four_digits",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="idx_payments_status_created")]

    def __str__(self):
        return f"{self.amount} {self.currency} ({self.status})"

    @property
    def refundable_amount(self):
        return self.amount_captured - self.amount_refunded


class Refund(BaseModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = MoneyField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.CharField(max_length=255, blank=True, default="")
    gateway_reference = models.CharField(max_length=100, blank=True, default="")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        db_table = "refunds"
        db_table_comment = "Refunds of captured payments"
        # Support may refund up to settings.SUPPORT_REFUND_LIMIT; above it this permission is needed.
        permissions = [("refund_above_limit", "Can refund more than the support refund limit")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refunds_amount_positive"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "succeeded", "failed"]), name="refunds_status_check"
            ),
        ]

    def __str__(self):
        return f"refund {self.amount} ({self.status})"


class PaymentTransaction(BaseModel):
    """Every call to a gateway and its answer, successful or not."""

    class Kind(models.TextChoices):
        AUTHORIZE = "authorize", "Authorise"
        CAPTURE = "capture", "Capture"
        VOID = "void", "Void"
        REFUND = "refund", "Refund"

    payment = models.ForeignKey(Payment, on_delete=models.CASCADE, related_name="transactions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    amount = MoneyField()
    succeeded = models.BooleanField()
    gateway_reference = models.CharField(max_length=100, blank=True, default="")
    error_code = models.CharField(max_length=50, blank=True, default="")
    response = models.JSONField(default=dict, blank=True, db_comment="The gateway's answer (no card data)")

    class Meta:
        db_table = "payment_transactions"
        db_table_comment = "Gateway calls of payments"
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payment_transactions_amount_non_negative"),
        ]

    def __str__(self):
        return f"{self.kind} {self.amount} {'ok' if self.succeeded else 'failed'}"


class PaymentMethod(BaseModel):
    """A saved card: the gateway's token (encrypted at rest) and what may be shown of the card."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="payment_methods")
    gateway = models.CharField(max_length=30, default="test")
    token = EncryptedTextField(db_comment="Gateway token, pgcrypto-encrypted with FIELD_ENCRYPTION_KEY")
    card_brand = models.CharField(max_length=20)
    card_last_four = models.CharField(max_length=4)
    exp_month = models.PositiveSmallIntegerField()
    exp_year = models.PositiveSmallIntegerField()
    is_default = models.BooleanField(default=False, db_default=False)

    class Meta:
        db_table = "payment_methods"
        db_table_comment = "Saved, tokenized payment methods of users"
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(is_default=True), name="payment_methods_one_default"),
            models.CheckConstraint(
                condition=Q(exp_month__gte=1, exp_month__lte=12), name="payment_methods_exp_month_range"
            ),
            models.CheckConstraint(
                condition=Q(card_last_four__regex=r"^[0-9]{4}$"), name="payment_methods_card_last_four_digits"
            ),
        ]

    def __str__(self):
        return f"{self.card_brand} •••• {self.card_last_four}"
