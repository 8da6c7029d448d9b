"""Staff reads and notes of one order. Its status changes are operations with effects on money
and stock: they live in apps.fulfilment.api."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.api.staff import INVALID, NOT_FOUND, STAFF_ERRORS, StaffAPIView
from apps.orders import selectors, services
from apps.orders.models import Order

from . import staff_serializers as s
from .serializers import OrderShipmentOutput


class StaffOrderView(StaffAPIView):
    """An operation on the order named by the URL's pk (404 if there is none)."""

    def get_order(self):
        return get_object_or_404(Order, pk=self.kwargs["pk"])


class OrderShipmentsView(StaffOrderView):
    @extend_schema(
        summary="An order's shipments with their tracking events",
        responses={200: OrderShipmentOutput(many=True), **STAFF_ERRORS, **NOT_FOUND},
    )
    def get(self, request, pk):
        return Response(OrderShipmentOutput(selectors.shipments_for_order(self.get_order()), many=True).data)


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
