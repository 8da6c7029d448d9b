"""Staff dashboards' data, read from the materialized views (as fresh as their last refresh), and
the revenue report by category (exact at every moment)."""

import datetime

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.response import Response

from apps.analytics import selectors, services
from apps.analytics.models import Segment
from apps.core.api.staff import INVALID, STAFF_ERRORS, StaffAPIView, StaffListAPIView

from . import serializers as s

FRESHNESS = "Read from a materialized view: as fresh as its last refresh (see analytics/refresh/)."


class DailySalesView(StaffAPIView):
    @extend_schema(
        summary="Sales per day",
        description=f"Days from start to end, both included, oldest first; days without sales are absent. {FRESHNESS}",
        parameters=[s.DateRangeQuery],
        responses={200: s.DailySalesOutput(many=True), **INVALID, **STAFF_ERRORS},
    )
    def get(self, request):
        days = selectors.sales_by_day(**self.validated(s.DateRangeQuery, request.query_params))
        return Response(s.DailySalesOutput(days, many=True).data)


class MonthlyRevenueView(StaffAPIView):
    @extend_schema(
        summary="Revenue per month",
        description=f"The latest months with sales, oldest first. {FRESHNESS}",
        parameters=[s.MonthsQuery],
        responses={200: s.MonthlyRevenueOutput(many=True), **INVALID, **STAFF_ERRORS},
    )
    def get(self, request):
        months = selectors.monthly_revenue(**self.validated(s.MonthsQuery, request.query_params))
        return Response(s.MonthlyRevenueOutput(months, many=True).data)


class TopProductsView(StaffAPIView):
    @extend_schema(
        summary="Best-selling products",
        description=f"By revenue, then units. {FRESHNESS}",
        parameters=[s.LimitQuery],
        responses={200: s.ProductPerformanceOutput(many=True), **INVALID, **STAFF_ERRORS},
    )
    def get(self, request):
        products = selectors.top_products(**self.validated(s.LimitQuery, request.query_params))
        return Response(s.ProductPerformanceOutput(products, many=True).data)


class CategoriesView(StaffListAPIView):
    serializer_class = s.CategoryPerformanceOutput

    @extend_schema(
        summary="Categories by revenue",
        description=FRESHNESS,
        responses={200: s.CategoryPerformanceOutput(many=True), **STAFF_ERRORS},
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.category_performance())
        return self.get_paginated_response(s.CategoryPerformanceOutput(page, many=True).data)


class SegmentsView(StaffAPIView):
    @extend_schema(
        summary="Customers per RFM segment",
        description=f"Every segment, with 0 when empty. {FRESHNESS}",
        responses={200: s.SegmentOutput(many=True), **STAFF_ERRORS},
        examples=[
            OpenApiExample(
                "Segments", value={"segment": "champions", "label": "Champions", "customers": 12}, response_only=True
            )
        ],
    )
    def get(self, request):
        rows = [
            {"segment": segment, "label": Segment(segment).label, "customers": customers}
            for segment, customers in selectors.segment_counts().items()
        ]
        return Response(s.SegmentOutput(rows, many=True).data)


class InventoryStatusView(StaffListAPIView):
    serializer_class = s.InventoryStatusOutput

    @extend_schema(
        summary="Stock that is out or low",
        description=f"Out first, then by available units. {FRESHNESS}",
        responses={200: s.InventoryStatusOutput(many=True), **STAFF_ERRORS},
    )
    def get(self, request):
        page = self.paginate_queryset(selectors.stock_needing_attention())
        return self.get_paginated_response(s.InventoryStatusOutput(page, many=True).data)


class CategoryRevenueView(StaffAPIView):
    @extend_schema(
        summary="Revenue by month and category",
        description="Orders placed from start to end (days in UTC, both included) that count as revenue "
        "(every status but pending and cancelled): the sum of their lines' subtotals and units, by month "
        "and category name. Exact at every moment (kept by the database as orders change).",
        parameters=[s.DateRangeQuery],
        responses={200: s.CategoryRevenueOutput(many=True), **INVALID, **STAFF_ERRORS},
    )
    def get(self, request):
        days = self.validated(s.DateRangeQuery, request.query_params)
        start = datetime.datetime.combine(days["start"], datetime.time(0), tzinfo=datetime.UTC)
        end = datetime.datetime.combine(days["end"], datetime.time(0), tzinfo=datetime.UTC) + datetime.timedelta(1)
        return Response(s.CategoryRevenueOutput(selectors.revenue_by_category_month(start, end), many=True).data)


class RefreshView(StaffAPIView):
    @extend_schema(
        summary="Refresh the materialized views",
        description="One view, or all of them; readers keep the old rows meanwhile (CONCURRENTLY). "
        "Answers the refresh log entries.",
        request=s.ViewRefreshInput,
        responses={200: s.ViewRefreshOutput(many=True), **INVALID, **STAFF_ERRORS},
        examples=[OpenApiExample("One view", value={"view": "mv_daily_sales"}, request_only=True)],
    )
    def post(self, request):
        view = self.validated(s.ViewRefreshInput)["view"]
        refreshes = [services.refresh_view(view)] if view else services.refresh_all()
        return Response(s.ViewRefreshOutput(refreshes, many=True).data)
