"""Tiny views exercising the API infrastructure on its own (used with @pytest.mark.urls)."""

from datetime import UTC, datetime

from django.urls import include, path
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.conditional import ConditionalGetMixin
from apps.core.exceptions import DomainError
from apps.inventory.exceptions import StockChangeRefused
from apps.promotions.exceptions import CouponLimitReached

UPDATED_AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


class OpenView(APIView):
    permission_classes = [AllowAny]


class Forbidden(OpenView):
    def get(self, request):
        raise PermissionDenied()


class Refused(OpenView):
    errors = {
        "plain": DomainError("Nope.", fields={"quantity": ["Too many."]}),
        "coupon": CouponLimitReached("This coupon has been used up."),
        "stock": StockChangeRefused("Stock would go negative.", code="negative_stock"),
    }

    def get(self, request, kind):
        raise self.errors[kind]


class Catalog(ConditionalGetMixin, OpenView):
    def get(self, request):
        return Response({"products": ["Teapot"]})

    def get_last_modified(self):
        return UPDATED_AT


urlpatterns = [
    path(
        "api/test/",
        include(
            [
                path("forbidden/", Forbidden.as_view()),
                path("refused/<str:kind>/", Refused.as_view()),
                path("catalog/", Catalog.as_view()),
            ]
        ),
    ),
    path("", include("shopflow.urls")),
]
