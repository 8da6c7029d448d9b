from django.db import models
from django.db.models import Q

from apps.core.fields import MoneyField
from apps.core.models import BaseModel


class DocumentKind(models.TextChoices):
    INVOICE = "invoice", "Invoice"
    CREDIT_NOTE = "credit_note", "Credit note"


NUMBER_PREFIX = {DocumentKind.INVOICE: "INV", DocumentKind.CREDIT_NOTE: "CN"}


class DocumentCounter(models.Model):
    """The last number given to a kind of document in a year. Issuing locks this row, so numbers
    follow each other without gaps (a rolled-back issue gives its number back)."""

    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        db_table = "billing_document_counters"
        db_table_comment = "Gap-free numbering of invoices and credit notes, per kind and year"
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="billing_document_counters_kind_year_key"),
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="billing_document_counters_kind_check"
            ),
        ]

    def __str__(self):
        return f"{NUMBER_PREFIX[self.kind]}-{self.year}: {self.last_number}"


class BillingDocument(BaseModel):
    """An issued invoice or credit note: its PDF is stored once and never changes (the database
    refuses updates of an issued document, see migration 0002)."""

    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    number = models.CharField(max_length=20, db_comment="INV-YYYY-NNNNNN or CN-YYYY-NNNNNN")
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="billing_documents")
    refund = models.OneToOneField(
        "payments.Refund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credit_note",
        db_comment="The refund a credit note is for; empty for an invoice",
    )
    currency = models.CharField(max_length=3)
    tax = MoneyField(db_comment="Tax included in total")
    total = MoneyField()
    file = models.FileField(upload_to="billing/", max_length=200)
    sha256 = models.CharField(max_length=64, db_comment="Checksum of the stored PDF")
    issued_at = models.DateTimeField()

    class Meta:
        db_table = "billing_documents"
        db_table_comment = "Invoices and credit notes as issued: number, amounts, stored PDF and its checksum"
        ordering = ["issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["number"], name="billing_documents_number_key"),
            models.UniqueConstraint(
                fields=["order"], condition=Q(kind="invoice"), name="billing_documents_one_invoice_per_order"
            ),
            # Also the kind check: a row is an invoice without a refund or a credit note with one.
            models.CheckConstraint(
                condition=Q(kind="invoice", refund__isnull=True) | Q(kind="credit_note", refund__isnull=False),
                name="billing_documents_credit_note_has_refund",
            ),
            models.CheckConstraint(condition=Q(tax__gte=0, total__gte=0), name="billing_documents_amounts"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="billing_documents_sha256"),
        ]

    def __str__(self):
        return self.number
