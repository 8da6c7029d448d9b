"""Staff operations on one order: change its status, mark it delivered, write notes.

Shipping captures money, so its endpoint (orders/<id>/shipments/) lives in apps.payments.api, above
orders.
"""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.api.serializers import error_example
from apps.core.api.staff import CONFLICT, INVALID, NOT_FOUND, STAFF_ERRORS, StaffAPIView
from apps.orders import services
from apps.orders.models import Order

from . import staff_serializers as s

# Shared with the shipping endpoint (apps.payments.api).
ILLEGAL_TRANSITION = error_example(
    "Illegal transition",
    code="illegal_transition",
    message="Cannot change order SF-2026-000123 from delivered to shipped.",
    fields={"status": "shipped"},
    status=409,
)


class StaffOrderView(StaffAPIView):
    """An operation on the order named by the URL's pk (404 if there is none)."""

    def get_order(self):
        return get_object_or_404(Order, pk=self.kwargs["pk"])


class OrderStatusView(StaffOrderView):
    @extend_schema(
        summary="Move an order to another status",
        description="Follows the order state machine; an arrow it does not have answers 409. "
        "Cancelling releases the order's reserved stock (money is not touched: see the payment endpoints).",
        request=s.OrderStatusInput,
        responses={200: s.StaffOrderOutput, **INVALID, **STAFF_ERRORS, **NOT_FOUND, **CONFLICT},
        examples=[
            OpenApiExample("Confirm", value={"status": "processing", "notes": "Picked"}, request_only=True),
            ILLEGAL_TRANSITION,
        ],
    )
    def post(self, request, pk):
        data = self.validated(s.OrderStatusInput)
        order = services.transition_order(
            order=self.get_order(), to_status=data["status"], notes=data["notes"], user=request.user
        )
        return Response(s.StaffOrderOutput(order).data)


class OrderDeliverView(StaffOrderView):
    @extend_schema(
        summary="Mark a shipped order delivered",
        description="The order and its shipments become delivered; an order not shipped answers 409.",
        request=s.DeliverInput,
        responses={200: s.StaffOrderOutput, **INVALID, **STAFF_ERRORS, **NOT_FOUND, **CONFLICT},
        examples=[ILLEGAL_TRANSITION],
    )
    def post(self, request, pk):
        order = services.mark_delivered(order=self.get_order(), user=request.user, **self.validated(s.DeliverInput))
        return Response(s.StaffOrderOutput(order).data)


class OrderNotesView(StaffOrderView):
    @extend_schema(
        summary="Write a note on an order",
        description="A staff note, or with `is_customer_visible` a message the customer reads on the order page.",
        request=s.NoteInput,
        responses={201: s.NoteOutput, **INVALID, **STAFF_ERRORS, **NOT_FOUND},
        examples=[
            OpenApiExample("Note", value={"body": "Customer called about the gift wrap."}, request_only=True),
        ],
    )
    def post(self, request, pk):
        note = services.add_order_note(order=self.get_order(), author=request.user, **self.validated(s.NoteInput))
        return Response(s.NoteOutput(note).data, status=status.HTTP_201_CREATED)
