"""Staff money operations: capture a payment, refund it, and ship an order (which captures)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.api.serializers import error_example
from apps.core.api.staff import CONFLICT, INVALID, NOT_FOUND, STAFF_ERRORS, StaffAPIView, StaffListAPIView
from apps.orders import selectors as order_selectors
from apps.orders.api.staff_serializers import ShipmentInput, ShipmentOutput
from apps.orders.api.staff_views import ILLEGAL_TRANSITION, StaffOrderView
from apps.payments import selectors, services
from apps.payments.models import Payment

from . import serializers as s

PAYMENT_ERRORS = {**INVALID, **STAFF_ERRORS, **NOT_FOUND, **CONFLICT}


class PaymentMixin:
    """An operation on the payment named by the URL's pk (404 if there is none)."""

    def get_payment(self):
        return get_object_or_404(Payment.objects.select_related("order"), pk=self.kwargs["pk"])


class CaptureView(PaymentMixin, StaffAPIView):
    @extend_schema(
        summary="Capture an authorised payment",
        description="A payment that is not authorised answers 409; a refusing gateway 400 `gateway_declined`.",
        request=s.CaptureInput,
        responses={200: s.PaymentOutput, **PAYMENT_ERRORS},
        examples=[OpenApiExample("Part of it", value={"amount": "40.00"}, request_only=True)],
    )
    def post(self, request, pk):
        payment = services.capture_payment(payment=self.get_payment(), **self.validated(s.CaptureInput))
        return Response(s.PaymentOutput(payment).data)


class RefundListView(PaymentMixin, StaffListAPIView):
    serializer_class = s.RefundOutput

    @extend_schema(
        summary="A payment's refunds", responses={200: s.RefundOutput(many=True), **STAFF_ERRORS, **NOT_FOUND}
    )
    def get(self, request, pk):
        page = self.paginate_queryset(selectors.refunds_for_payment(self.get_payment()))
        return self.get_paginated_response(s.RefundOutput(page, many=True).data)

    @extend_schema(
        summary="Refund (part of) a captured payment",
        description="Never more than captured minus already refunded (409 `refund_exceeds_captured`). "
        "`restock` puts returned goods back on a warehouse's shelves. When every captured payment of the "
        "order is refunded in full, the order becomes refunded.",
        request=s.RefundInput,
        responses={201: s.RefundOutput, **PAYMENT_ERRORS},
        examples=[
            OpenApiExample("Damaged mug", value={"amount": "12.50", "reason": "Arrived broken"}, request_only=True),
            error_example(
                "Too much",
                code="refund_exceeds_captured",
                message="Cannot refund 90.00 USD: only 50.00 USD of this payment is left to refund.",
                fields={"amount": "90.00"},
                status=409,
            ),
        ],
    )
    def post(self, request, pk):
        refund = services.refund_payment(payment=self.get_payment(), user=request.user, **self.validated(s.RefundInput))
        return Response(s.RefundOutput(refund).data, status=status.HTTP_201_CREATED)


class OrderShipmentsView(StaffOrderView):
    @extend_schema(
        summary="An order's shipments with their tracking events",
        responses={200: ShipmentOutput(many=True), **STAFF_ERRORS, **NOT_FOUND},
    )
    def get(self, request, pk):
        return Response(ShipmentOutput(order_selectors.shipments_for_order(self.get_order()), many=True).data)

    @extend_schema(
        summary="Ship an order",
        description="The reserved stock leaves the warehouse, the authorised payment is captured and the "
        "order becomes shipped, all or nothing. Only a processing order ships (409 otherwise).",
        request=ShipmentInput,
        responses={201: ShipmentOutput, **PAYMENT_ERRORS},
        examples=[
            OpenApiExample(
                "UPS parcel",
                value={"carrier": "UPS", "tracking_number": "1Z999AA10123456784", "estimated_delivery": "2026-03-02"},
                request_only=True,
            ),
            ILLEGAL_TRANSITION,
        ],
    )
    def post(self, request, pk):
        shipment = services.fulfil_order(order=self.get_order(), user=request.user, **self.validated(ShipmentInput))
        return Response(ShipmentOutput(shipment).data, status=status.HTTP_201_CREATED)
