from django.db import models
from django.db.models import Q

from apps.core.fields import MoneyField
from apps.core.models import BaseModel


class ReturnStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    RECEIVED = "received", "Goods received"
    REFUNDED = "refunded", "Refunded"
    CLOSED = "closed", "Closed"


class ReturnRequest(BaseModel):
    """A return merchandise authorisation (RMA) for items of one order."""

    rma_number = models.CharField(max_length=32, db_comment="Human number, RMA-YYYY-NNNNNN")
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="return_requests")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="return_requests"
    )
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.REQUESTED)
    reason = models.CharField(max_length=255)
    customer_notes = models.TextField(blank=True, default="")
    staff_notes = models.TextField(blank=True, default="")
    refund_amount = MoneyField(null=True, blank=True, db_comment="Amount refunded for this return")
    refund = models.ForeignKey("payments.Refund", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    restock_warehouse = models.ForeignKey(
        "inventory.Warehouse", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        db_table = "return_requests"
        db_table_comment = "Return requests (RMA)"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["rma_number"], name="return_requests_rma_number_key"),
            models.CheckConstraint(condition=Q(status__in=ReturnStatus.values), name="return_requests_status_check"),
            models.CheckConstraint(
                condition=Q(refund_amount__isnull=True) | Q(refund_amount__gt=0), name="return_requests_refund_positive"
            ),
        ]

    def __str__(self):
        return self.rma_number


class ReturnItem(BaseModel):
    class Condition(models.TextChoices):
        UNOPENED = "unopened", "Unopened"
        OPENED = "opened", "Opened"
        DAMAGED = "damaged", "Damaged"

    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="items")
    order_item = models.ForeignKey("orders.OrderItem", on_delete=models.PROTECT, related_name="return_items")
    quantity = models.PositiveIntegerField()
    reason = models.CharField(max_length=255, blank=True, default="")
    condition = models.CharField(max_length=20, choices=Condition.choices, blank=True, default="")
    restock = models.BooleanField(default=True, db_comment="Put back into sellable stock when received")

    class Meta:
        db_table = "return_items"
        db_table_comment = "Order lines being returned"
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="return_items_quantity_positive"),
            models.UniqueConstraint(fields=["return_request", "order_item"], name="return_items_once_per_request"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.order_item.product_name}"


class ReturnStatusHistory(BaseModel):
    return_request = models.ForeignKey(ReturnRequest, on_delete=models.CASCADE, related_name="status_history")
    status = models.CharField(max_length=20, choices=ReturnStatus.choices)
    notes = models.TextField(blank=True, default="")
    created_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        db_table = "return_status_history"
        db_table_comment = "Status changes of return requests"
        ordering = ["created_at"]
        verbose_name_plural = "return status history"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReturnStatus.values), name="return_status_history_status_check"
            ),
        ]

    def __str__(self):
        return self.status
