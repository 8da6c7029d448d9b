from django.contrib import admin

from apps.core.admin import InternalReadOnlyAdmin, ReadOnlyAdmin, ReadOnlyTabularInline
from apps.payments.models import Payment, PaymentMethod, PaymentTransaction, Refund


class RefundInline(ReadOnlyTabularInline):
    model = Refund
    fields = ("created_at", "amount", "status", "reason", "gateway_reference", "created_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


class PaymentTransactionInline(ReadOnlyTabularInline):
    model = PaymentTransaction
    fields = ("created_at", "kind", "amount", "succeeded", "gateway_reference", "error_code")


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    """Money moves through the payment services and their gateway, never by editing a field."""

    list_display = ("order", "amount", "currency", "status", "gateway", "card_brand", "card_last_four", "created_at")
    list_filter = ("status", "gateway", "payment_method")
    search_fields = ("order__order_number", "order__customer_email", "gateway_reference", "card_last_four")
    list_select_related = ("order",)
    date_hierarchy = "created_at"
    inlines = [RefundInline, PaymentTransactionInline]


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("payment", "amount", "status", "reason", "created_by", "created_at")
    list_filter = ("status",)
    search_fields = ("payment__order__order_number", "payment__order__customer_email", "gateway_reference", "reason")
    list_select_related = ("payment", "created_by")
    date_hierarchy = "created_at"


@admin.register(PaymentTransaction)
class PaymentTransactionAdmin(ReadOnlyAdmin):
    list_display = ("payment", "kind", "amount", "succeeded", "error_code", "created_at")
    list_filter = ("kind", "succeeded")
    search_fields = ("payment__order__order_number", "gateway_reference")
    list_select_related = ("payment",)


@admin.register(PaymentMethod)
class PaymentMethodAdmin(InternalReadOnlyAdmin):
    list_display = ("user", "card_brand", "card_last_four", "exp_month", "exp_year", "is_default")
    list_filter = ("card_brand", "is_default")
    search_fields = ("user__email", "card_last_four")
    list_select_related = ("user",)
    # The gateway token is a secret, even encrypted.
    exclude = ("token",)
