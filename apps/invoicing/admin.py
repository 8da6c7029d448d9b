"""Issued invoices and credit notes in the console: read only, each with its PDF."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from .models import BillingDocument, DocumentCounter
from .responses import pdf_download


@admin.register(BillingDocument)
class BillingDocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "order", "total", "currency", "issued_at", "pdf"]
    list_filter = ["kind", "issued_at"]
    search_fields = ["number", "order__order_number", "order__customer_email"]
    list_select_related = ["order"]
    date_hierarchy = "issued_at"
    fields = ["number", "kind", "order", "refund", "currency", "tax", "total", "issued_at", "sha256", "pdf"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # issued by the order operations only

    def has_change_permission(self, request, obj=None):
        return False  # issued documents never change

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="PDF")
    def pdf(self, document):
        url = reverse("admin:invoicing_billingdocument_download", args=[document.pk])
        return format_html('<a href="{}">Download {}.pdf</a>', url, document.number)

    def get_urls(self):
        download = self.admin_site.admin_view(self.download)
        return [
            path("<uuid:pk>/download/", download, name="invoicing_billingdocument_download"),
            *super().get_urls(),
        ]

    def download(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return pdf_download(get_object_or_404(BillingDocument, pk=pk))


@admin.register(DocumentCounter)
class DocumentCounterAdmin(admin.ModelAdmin):
    """The last number given per kind and year: read only, issuing moves it."""

    list_display = ["kind", "year", "last_number"]
    list_filter = ["kind"]
    readonly_fields = ["kind", "year", "last_number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
