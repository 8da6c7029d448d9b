"""Staff stock endpoints: levels per warehouse, the ledger, and receipts, adjustments and transfers."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.api.serializers import error_example
from apps.core.api.staff import CONFLICT, INVALID, NOT_FOUND, STAFF_ERRORS, StaffAPIView, StaffListAPIView
from apps.inventory import selectors, services
from apps.inventory.models import Transfer

from . import serializers as s

REFUSED = error_example(
    "Refused",
    code="stock_change_refused",
    message="Cannot remove 5 of “Mug” at EU-1: 3 on hand, 1 reserved for orders.",
    fields={"delta": -5},
)
PRODUCT_ID = "0b6f8a1e-6c1d-4c8e-9a53-2f1e5d8c7a10"
WAREHOUSE_ID = "5a0c3e7d-1f2b-4d6a-8e9c-0b1a2c3d4e5f"


class StockListView(StaffListAPIView):
    serializer_class = s.StockLevelOutput

    @extend_schema(
        summary="Stock levels per warehouse",
        parameters=[s.StockFilter],
        responses={200: s.StockLevelOutput(many=True), **INVALID, **STAFF_ERRORS},
    )
    def get(self, request):
        levels = selectors.stock_levels_for_staff(**self.validated(s.StockFilter, request.query_params))
        return self.get_paginated_response(s.StockLevelOutput(self.paginate_queryset(levels), many=True).data)


class MovementListView(StaffListAPIView):
    serializer_class = s.MovementOutput

    @extend_schema(
        summary="The stock ledger",
        description="Every stock change, newest first; `created_to` is excluded.",
        parameters=[s.MovementFilter],
        responses={200: s.MovementOutput(many=True), **INVALID, **STAFF_ERRORS},
    )
    def get(self, request):
        movements = selectors.movements_for_staff(**self.validated(s.MovementFilter, request.query_params))
        return self.get_paginated_response(s.MovementOutput(self.paginate_queryset(movements), many=True).data)


class AdjustmentView(StaffAPIView):
    @extend_schema(
        summary="Correct a stock level",
        description="Refused (400) when it would leave fewer units on hand than zero or than are reserved.",
        request=s.AdjustmentInput,
        responses={201: s.StockLevelOutput, **INVALID, **STAFF_ERRORS},
        examples=[
            OpenApiExample(
                "Breakage",
                value={"warehouse": WAREHOUSE_ID, "product": PRODUCT_ID, "delta": -2, "reason": "Dropped"},
                request_only=True,
            ),
            REFUSED,
        ],
    )
    def post(self, request):
        level = services.adjust_stock(user=request.user, **self.validated(s.AdjustmentInput))
        return Response(s.StockLevelOutput(level).data, status=status.HTTP_201_CREATED)


class TransferView(StaffAPIView):
    @extend_schema(
        summary="Move stock between warehouses",
        description="Only available units move; both sides change or neither.",
        request=s.TransferInput,
        responses={201: s.TransferOutput, **INVALID, **STAFF_ERRORS},
        examples=[
            OpenApiExample(
                "Rebalance",
                value={
                    "product": PRODUCT_ID,
                    "source": WAREHOUSE_ID,
                    "destination": "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a",
                    "quantity": 5,
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        source, destination = services.transfer_stock(user=request.user, **self.validated(s.TransferInput))
        return Response(
            s.TransferOutput({"source": source, "destination": destination}).data, status=status.HTTP_201_CREATED
        )


class ReceiptView(StaffAPIView):
    @extend_schema(
        summary="Receive goods from a supplier",
        request=s.ReceiptInput,
        responses={201: s.StockLevelOutput, **INVALID, **STAFF_ERRORS},
        examples=[
            OpenApiExample(
                "Delivery",
                value={"warehouse": WAREHOUSE_ID, "product": PRODUCT_ID, "quantity": 24, "reference": "PO-1042"},
                request_only=True,
            )
        ],
    )
    def post(self, request):
        level = services.receive_stock(user=request.user, **self.validated(s.ReceiptInput))
        return Response(s.StockLevelOutput(level).data, status=status.HTTP_201_CREATED)


class TransferRequestListView(StaffListAPIView):
    serializer_class = s.TransferRequestOutput

    @extend_schema(
        summary="Transfers with their state (requested, in transit, received, cancelled)",
        parameters=[s.TransferFilter],
        responses={200: s.TransferRequestOutput(many=True), **INVALID, **STAFF_ERRORS},
    )
    def get(self, request):
        transfers = selectors.transfers_for_staff(**self.validated(s.TransferFilter, request.query_params))
        return self.get_paginated_response(s.TransferRequestOutput(self.paginate_queryset(transfers), many=True).data)

    @extend_schema(
        summary="Request a transfer (nothing moves until it ships)",
        request=s.TransferInput,
        responses={201: s.TransferRequestOutput, **INVALID, **STAFF_ERRORS},
    )
    def post(self, request):
        transfer = services.request_transfer(user=request.user, **self.validated(s.TransferInput))
        return Response(s.TransferRequestOutput(transfer).data, status=status.HTTP_201_CREATED)


def _transfer_step(step, summary):
    """A POST endpoint moving one transfer a step (ship, receive, cancel) through `step`."""

    class StepView(StaffAPIView):
        @extend_schema(
            summary=summary,
            request=None,
            responses={200: s.TransferRequestOutput, **INVALID, **CONFLICT, **NOT_FOUND, **STAFF_ERRORS},
        )
        def post(self, request, pk):
            moved = step(transfer=get_object_or_404(Transfer, pk=pk), user=request.user)
            transfer = moved[0] if isinstance(moved, tuple) else moved
            return Response(s.TransferRequestOutput(transfer).data)

    StepView.__name__ = StepView.__qualname__ = f"Transfer{step.__name__.split('_')[0].title()}View"
    return StepView


TransferShipView = _transfer_step(services.ship_transfer, "Ship: the units leave the source (in transit)")
TransferReceiveView = _transfer_step(services.receive_transfer, "Receive: the units arrive at the destination")
TransferCancelView = _transfer_step(services.cancel_transfer, "Cancel: units in transit go back to the source")
