"""The order console: the orders' admin with an action per order operation.

The list and pages are apps.orders.admin.OrderAdmin's; orders sit below fulfilment (layer 4 < 6),
so the actions that call apps.fulfilment.services are added here, on a subclass that replaces its
registration. An action runs the service once per chosen order, each in its own transaction: a
refused order shows the service's message and keeps what it had; the others go through.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse

from apps.core.admin import apply_to_each_row
from apps.orders.admin import OrderAdmin
from apps.orders.models import Order

from . import services
from .forms import ReasonForm, RefundForm, ShipForm

admin.site.unregister(Order)


@admin.register(Order)
class OrderOperationsAdmin(OrderAdmin):
    actions = ["confirm_orders", "process_orders", "ship_order", "deliver_orders", "cancel_orders", "refund_order"]

    def has_operate_permission(self, request):
        return request.user.has_perm("orders.change_order")

    def has_refund_permission(self, request):
        return request.user.has_perm("payments.add_refund")

    # Running an operation -------------------------------------------------------------------------

    def _run(self, request, orders, operation, done):
        """`operation(order)` for each order; one message per order: what happened, or why not."""
        apply_to_each_row(self, request, orders, operation, label=lambda order: order.order_number, done=done)

    def _form_page(self, request, queryset, *, action, form, title, submit):
        """The intermediate page: the chosen orders and the operation's form, posted back to the list."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "orders": queryset,
            "form": form,
            "action": action,
            "submit": submit,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/fulfilment/order_operation.html", context)

    def _single(self, request, queryset, name):
        if queryset.count() == 1:
            return queryset.get()
        self.message_user(request, f"{name} one order at a time: choose exactly one.", messages.WARNING)
        return None

    def _submitted(self, request, form_class, **kwargs):
        """The bound form when the intermediate page was sent, else an empty one."""
        if "apply" in request.POST:
            return form_class(request.POST, **kwargs)
        return form_class(**kwargs)

    # Actions ----------------------------------------------------------------------------------------

    @admin.action(description="Confirm the selected orders", permissions=["operate"])
    def confirm_orders(self, request, queryset):
        self._run(request, queryset, lambda order: services.confirm(order=order, user=request.user), "confirmed.")

    @admin.action(description="Start processing the selected orders", permissions=["operate"])
    def process_orders(self, request, queryset):
        self._run(
            request, queryset, lambda order: services.start_processing(order=order, user=request.user), "processing."
        )

    @admin.action(description="Mark the selected orders delivered", permissions=["operate"])
    def deliver_orders(self, request, queryset):
        self._run(request, queryset, lambda order: services.deliver(order=order, user=request.user), "delivered.")

    @admin.action(description="Cancel the selected orders…", permissions=["operate"])
    def cancel_orders(self, request, queryset):
        form = self._submitted(request, ReasonForm)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]

            def cancel(order):
                return services.cancel(order=order, user=request.user, reason=reason)

            return self._run(request, queryset, cancel, "cancelled: stock, coupon and payment given back.")
        return self._form_page(
            request, queryset, action="cancel_orders", form=form, title="Cancel orders", submit="Cancel the orders"
        )

    @admin.action(description="Ship the selected order…", permissions=["operate"])
    def ship_order(self, request, queryset):
        order = self._single(request, queryset, "Ship")
        if order is None:
            return None
        form = self._submitted(request, ShipForm, order=order)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data

            def ship(order):
                return services.ship(
                    order=order,
                    carrier=data["carrier"],
                    tracking_number=data["tracking_number"],
                    estimated_delivery=data["estimated_delivery"],
                    lines=form.lines(),
                    user=request.user,
                )

            return self._run(request, [order], ship, lambda shipment: f"shipped with {shipment}.")
        return self._form_page(
            request, queryset, action="ship_order", form=form, title=f"Ship {order.order_number}", submit="Ship"
        )

    @admin.action(description="Refund the selected order…", permissions=["refund"])
    def refund_order(self, request, queryset):
        order = self._single(request, queryset, "Refund")
        if order is None:
            return None
        form = self._submitted(request, RefundForm, order=order)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data

            def refund(order):
                return services.refund(
                    order=order,
                    amount=data["amount"],
                    reason=data["reason"],
                    lines=form.lines(),
                    restock_items=data["restock_items"],
                    user=request.user,
                )

            return self._run(
                request, [order], refund, lambda refunds: f"refunded {sum(r.amount for r in refunds)} {order.currency}."
            )
        return self._form_page(
            request, queryset, action="refund_order", form=form, title=f"Refund {order.order_number}", submit="Refund"
        )
