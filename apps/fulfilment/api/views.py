"""The order operations (confirm, process, ship, deliver, cancel, refund): one endpoint each, thin
over apps.fulfilment.services. There is no "set status" endpoint."""

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.serializers import ErrorOutput, error_example
from apps.core.api.staff import CONFLICT, INVALID, NOT_FOUND, STAFF_ERRORS
from apps.fulfilment import services
from apps.orders.api.serializers import OrderDetailOutput, OrderShipmentOutput
from apps.orders.api.staff_serializers import StaffOrderOutput
from apps.orders.api.staff_views import StaffOrderView
from apps.orders.api.views import visible_order
from apps.orders.selectors import order_detail

from . import serializers as s

OPERATION_ERRORS = {**INVALID, **STAFF_ERRORS, **NOT_FOUND, **CONFLICT}
ILLEGAL_TRANSITION = error_example(
    "Illegal transition",
    code="illegal_transition",
    message="Cannot change order SF-2026-000123 from delivered to shipped.",
    fields={"status": "shipped"},
    status=409,
)


def _status_operation(operation, summary, description):
    """A view running `operation` (confirm, start_processing, deliver) with optional notes."""

    class View(StaffOrderView):
        @extend_schema(
            summary=summary,
            description=description,
            request=s.NotesInput,
            responses={200: StaffOrderOutput, **OPERATION_ERRORS},
            examples=[ILLEGAL_TRANSITION],
        )
        def post(self, request, pk):
            order = operation(order=self.get_order(), user=request.user, **self.validated(s.NotesInput))
            return Response(StaffOrderOutput(order).data)

    View.__name__ = View.__qualname__ = f"{operation.__name__.title().replace('_', '')}View"
    return View


ConfirmView = _status_operation(
    services.confirm, "Confirm a pending order", "The customer is told. An order not pending answers 409."
)
ProcessView = _status_operation(
    services.start_processing, "Start processing a confirmed order", "An order not confirmed answers 409."
)
DeliverView = _status_operation(
    services.deliver,
    "Mark a shipped order delivered",
    "The order and its shipments become delivered and the customer is told; an order not shipped answers 409.",
)


class ShipView(StaffOrderView):
    @extend_schema(
        summary="Ship an order, whole or in part",
        description="The shipped units' held stock leaves the warehouse and their cost is captured (the last "
        "shipment captures what is left authorised). The order becomes shipped when every unit is in a shipment; "
        "until then it stays processing. Only a processing order ships (409 otherwise).",
        request=s.ShipInput,
        responses={201: OrderShipmentOutput, **OPERATION_ERRORS},
        examples=[
            OpenApiExample(
                "UPS parcel",
                value={"carrier": "ups", "tracking_number": "1Z999AA10123456784", "estimated_delivery": "2026-03-02"},
                request_only=True,
            ),
            OpenApiExample(
                "One line only",
                value={"carrier": "dhl", "tracking_number": "JD01", "lines": [{"order_item": "…", "quantity": 1}]},
                request_only=True,
            ),
            ILLEGAL_TRANSITION,
        ],
    )
    def post(self, request, pk):
        shipment = services.ship(order=self.get_order(), user=request.user, **self.validated(s.ShipInput))
        return Response(OrderShipmentOutput(shipment).data, status=status.HTTP_201_CREATED)


class RefundView(StaffOrderView):
    @extend_schema(
        summary="Refund (part of) an order",
        description="By amount, by items (their price less their share of the discount), or everything not yet "
        "refunded. `restock_items` puts the items back on the shelf they shipped from. Above the support refund "
        "limit a person needs the refund_above_limit permission (403 `refund_above_limit`). When nothing is left "
        "captured nor to capture, the order becomes refunded.",
        request=s.RefundInput,
        responses={201: s.RefundResultOutput, **OPERATION_ERRORS},
        examples=[
            OpenApiExample("Damaged mug", value={"amount": "12.50", "reason": "Arrived broken"}, request_only=True),
            error_example(
                "Too much",
                code="invalid_refund",
                message="A refund of order SF-2026-000123 is between 0.01 and 55.00 USD; 90.00 asked.",
                fields={"amount": "90.00"},
            ),
        ],
    )
    def post(self, request, pk):
        order = self.get_order()
        refunds = services.refund(order=order, user=request.user, **self.validated(s.RefundInput))
        order.refresh_from_db()
        return Response(s.RefundResultOutput({"order": order, "refunds": refunds}).data, status=201)


class CancelView(APIView):
    """A shopper cancels their own order, staff any order (someone else's answers 404)."""

    @extend_schema(
        summary="Cancel an order",
        description="Its held stock and coupon use are given back, its payment voided (or refunded if already "
        "captured). An order with a shipment, delivered or cancelled answers 409 with the reason.",
        request=s.CancelInput,
        responses={200: OrderDetailOutput, 400: ErrorOutput, 401: ErrorOutput, 404: ErrorOutput, 409: ErrorOutput},
    )
    def post(self, request, order_id):
        order = visible_order(request, order_id)
        data = s.CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        reason = "Cancelled by the customer" if order.user_id == request.user.pk else data.validated_data["reason"]
        services.cancel(order=order, user=request.user, reason=reason)
        return Response(OrderDetailOutput(order_detail(order.pk)).data)
