"""Staff planning endpoints: reorder suggestions and forecasts, purchase orders, the analytics panel."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from apps.core.api.serializers import error_example
from apps.core.api.staff import CONFLICT, INVALID, NOT_FOUND, STAFF_ERRORS, StaffAPIView, StaffListAPIView
from apps.planning import selectors, services
from apps.planning.models import PurchaseOrder, ReorderSuggestion

from . import serializers as s

OVER_RECEIPT = error_example(
    "Over-receipt",
    code="purchase_order_refused",
    message="Receiving 25 of “Mug” would exceed the 24 ordered (0 already received).",
    fields={"0b6f8a1e-6c1d-4c8e-9a53-2f1e5d8c7a10": 25},
)
CLOSED = error_example(
    "Closed order",
    code="purchase_order_state",
    message="PO-000012 is closed: it must be sent or partially received.",
    fields={"status": "closed"},
    status=409,
)


class SuggestionListView(StaffListAPIView):
    serializer_class = s.SuggestionOutput

    @extend_schema(
        summary="Reorder suggestions, soonest to run out first",
        parameters=[s.SuggestionFilter],
        responses={200: s.SuggestionOutput(many=True), **INVALID, **STAFF_ERRORS},
    )
    def get(self, request):
        filters = self.validated(s.SuggestionFilter, request.query_params)
        suggestions = selectors.reorder_list(
            warehouse=filters["warehouse"], supplier=filters["supplier"], only_to_order=not filters["all"]
        )
        return self.get_paginated_response(s.SuggestionOutput(self.paginate_queryset(suggestions), many=True).data)


class SuggestionForecastView(StaffAPIView):
    @extend_schema(
        summary="An item's weekly history, forecast and 80 % band",
        responses={200: s.ForecastOutput, **NOT_FOUND, **STAFF_ERRORS},
    )
    def get(self, request, pk):
        suggestion = get_object_or_404(ReorderSuggestion.objects.select_related("stock_level"), pk=pk)
        chart = selectors.forecast_chart(suggestion.stock_level)
        if chart is None:
            raise NotFound("This item has no forecast yet: it comes with the next nightly run.")
        return Response(s.ForecastOutput(chart).data)


class DraftView(StaffAPIView):
    @extend_schema(
        summary="Draft purchase orders from the suggestions (one per supplier and warehouse)",
        description="Drafted units count as on order at once: drafting again drafts nothing new.",
        request=s.DraftInput,
        responses={201: s.PurchaseOrderOutput(many=True), **INVALID, **STAFF_ERRORS},
    )
    def post(self, request):
        data = self.validated(s.DraftInput)
        suggestions = selectors.reorder_list(supplier=data["supplier"])
        if data["suggestions"] is not None:
            suggestions = suggestions.filter(pk__in=data["suggestions"])
        orders = services.draft_from_suggestions(suggestions=list(suggestions), user=request.user)
        return Response(s.PurchaseOrderOutput(orders, many=True).data, status=status.HTTP_201_CREATED)


class PurchaseOrderListView(StaffListAPIView):
    serializer_class = s.PurchaseOrderOutput

    @extend_schema(
        summary="Purchase orders, newest first",
        parameters=[s.PurchaseOrderFilter],
        responses={200: s.PurchaseOrderOutput(many=True), **INVALID, **STAFF_ERRORS},
    )
    def get(self, request):
        orders = selectors.purchase_orders(**self.validated(s.PurchaseOrderFilter, request.query_params))
        return self.get_paginated_response(s.PurchaseOrderOutput(self.paginate_queryset(orders), many=True).data)

    @extend_schema(
        summary="Create a draft purchase order",
        request=s.PurchaseOrderInput,
        responses={201: s.PurchaseOrderDetailOutput, **INVALID, **STAFF_ERRORS},
    )
    def post(self, request):
        data = self.validated(s.PurchaseOrderInput)
        lines = [(line["product"], line["variant"], line["quantity"], line["unit_cost"]) for line in data["lines"]]
        order = services.create_purchase_order(
            supplier=data["supplier"], warehouse=data["warehouse"], lines=lines, notes=data["notes"], user=request.user
        )
        return Response(
            s.PurchaseOrderDetailOutput(selectors.purchase_order_detail(order.pk)).data, status=status.HTTP_201_CREATED
        )


class PurchaseOrderView(StaffAPIView):
    def order(self):
        get_object_or_404(PurchaseOrder, pk=self.kwargs["pk"])
        return selectors.purchase_order_detail(self.kwargs["pk"])

    def detail(self, order, code=status.HTTP_200_OK):
        return Response(s.PurchaseOrderDetailOutput(selectors.purchase_order_detail(order.pk)).data, status=code)


class PurchaseOrderDetailView(PurchaseOrderView):
    @extend_schema(
        summary="A purchase order with its lines and status history",
        responses={200: s.PurchaseOrderDetailOutput, **NOT_FOUND, **STAFF_ERRORS},
    )
    def get(self, request, pk):
        return self.detail(self.order())


class SendView(PurchaseOrderView):
    @extend_schema(
        summary="Send a draft to its supplier",
        request=None,
        responses={200: s.PurchaseOrderDetailOutput, **CONFLICT, **NOT_FOUND, **STAFF_ERRORS},
    )
    def post(self, request, pk):
        return self.detail(services.send_purchase_order(order=self.order(), user=request.user))


class CloseView(PurchaseOrderView):
    @extend_schema(
        summary="Close: nothing more is expected",
        request=None,
        responses={200: s.PurchaseOrderDetailOutput, **CONFLICT, **NOT_FOUND, **STAFF_ERRORS},
        examples=[CLOSED],
    )
    def post(self, request, pk):
        return self.detail(services.close_purchase_order(order=self.order(), user=request.user))


class ReceiveView(PurchaseOrderView):
    @extend_schema(
        summary="Receive goods against a sent purchase order",
        description="Books the units into stock (ledger reference: the PO number) and moves the items' "
        "average cost. Refused: negative quantities, more than ordered (unless the order allows it), a "
        "draft, received or closed order.",
        request=s.PurchaseOrderReceiptInput,
        responses={200: s.PurchaseOrderDetailOutput, **INVALID, **CONFLICT, **NOT_FOUND, **STAFF_ERRORS},
        examples=[OVER_RECEIPT, CLOSED],
    )
    def post(self, request, pk):
        data = self.validated(s.PurchaseOrderReceiptInput)
        quantities = {str(line["line"]): line["quantity"] for line in data["lines"]}
        return self.detail(
            services.receive_purchase_order(order=self.order(), quantities=quantities, user=request.user)
        )


class AnalyticsView(StaffAPIView):
    @extend_schema(
        summary="Forecast error of the latest run and the items running out first",
        responses={200: s.AnalyticsOutput, **STAFF_ERRORS},
    )
    def get(self, request):
        error = selectors.forecast_error()
        return Response(
            s.AnalyticsOutput(
                {
                    "run_at": error["run"].created_at if error else None,
                    "forecast_error": [
                        {"method": m, "items": n, "mase": mase} for m, n, mase in (error["rows"] if error else [])
                    ],
                    "running_out_first": selectors.running_out_first(),
                }
            ).data
        )
