from django import forms
from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline, apply_to_each, form_action
from apps.inventory.models import Warehouse
from apps.returns import services
from apps.returns.models import ReturnItem, ReturnRequest, ReturnStatusHistory


class RejectReturnForm(forms.Form):
    reason = forms.CharField(max_length=255, help_text="Kept in the staff notes and the return's history.")


class ReceiveReturnForm(forms.Form):
    warehouse = forms.ModelChoiceField(Warehouse.objects.filter(is_active=True).order_by("priority", "code"))
    restock = forms.TypedChoiceField(
        label="The goods",
        choices=[("yes", "go back on the shelves (restock)"), ("no", "are written off")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )


class ReturnItemInline(ReadOnlyTabularInline):
    model = ReturnItem
    fields = ("order_item", "quantity", "reason", "condition", "restock")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("order_item")


class ReturnStatusHistoryInline(ReadOnlyTabularInline):
    model = ReturnStatusHistory
    fields = ("created_at", "status", "notes", "created_by")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by")


@admin.register(ReturnRequest)
class ReturnRequestAdmin(ReadOnlyAdmin):
    """Returns are approved, received and refunded by the returns services."""

    list_display = ("rma_number", "order", "user", "status", "reason", "refund_amount", "created_at")
    list_filter = ("status", "restock_warehouse")
    search_fields = ("rma_number", "order__order_number", "user__email", "items__order_item__sku")
    list_select_related = ("order", "user")
    date_hierarchy = "created_at"
    inlines = [ReturnItemInline, ReturnStatusHistoryInline]
    actions = ["approve", "reject", "receive", "refund"]

    def has_process_permission(self, request):
        return request.user.has_perm("returns.change_returnrequest")

    def has_refund_permission(self, request):
        return request.user.has_perm("payments.add_refund")

    @admin.action(description="Approve the selected returns", permissions=["process"])
    def approve(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda rma: services.approve_return(return_request=rma, user=request.user),
            done=lambda n: f"Approved {n} return(s).",
        )

    @admin.action(description="Reject the selected returns…", permissions=["process"])
    def reject(self, request, queryset):
        return form_action(
            self,
            request,
            queryset,
            form_class=RejectReturnForm,
            title="Reject returns",
            operation=lambda rma, reason: services.reject_return(return_request=rma, user=request.user, reason=reason),
            done=lambda n: f"Rejected {n} return(s).",
        )

    @admin.action(description="Receive the goods of the selected returns…", permissions=["process"])
    def receive(self, request, queryset):
        return form_action(
            self,
            request,
            queryset,
            form_class=ReceiveReturnForm,
            title="Receive returned goods",
            operation=lambda rma, warehouse, restock: services.receive_return(
                return_request=rma, warehouse=warehouse, user=request.user, restock=restock
            ),
            done=lambda n: f"Received the goods of {n} return(s).",
        )

    @admin.action(description="Refund the selected returns", permissions=["refund"])
    def refund(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda rma: services.refund_return(return_request=rma, user=request.user),
            done=lambda n: f"Refunded {n} return(s).",
        )


@admin.register(ReturnItem)
class ReturnItemAdmin(ReadOnlyAdmin):
    list_display = ("return_request", "order_item", "quantity", "condition", "restock")
    list_filter = ("condition", "restock")
    search_fields = ("return_request__rma_number", "order_item__sku")
    list_select_related = ("return_request", "order_item")


@admin.register(ReturnStatusHistory)
class ReturnStatusHistoryAdmin(ReadOnlyAdmin):
    list_display = ("return_request", "status", "created_by", "created_at")
    list_filter = ("status",)
    search_fields = ("return_request__rma_number",)
    list_select_related = ("return_request", "created_by")
