from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.catalog import selectors
from apps.catalog.models import Product
from apps.core.api.conditional import ConditionalGetMixin
from apps.core.api.serializers import ErrorOutput

from . import serializers as s
from .filters import ProductFilter

PRODUCT_EXAMPLE = {
    "id": "0b6f2c1e-5d3a-4f0e-9a51-2f8f3c1d7e42",
    "name": "Studio Headphones",
    "slug": "studio-headphones",
    "price": "129.00",
    "compare_at_price": "149.00",
    "currency": "USD",
    "stock_quantity": 12,
    "track_inventory": True,
    "primary_image_url": "/static/img/headphones.jpg",
    "rating": "4.50",
    "review_count": 8,
    "category": {"id": "5c0e...", "name": "Audio", "slug": "audio"},
    "brand": {"id": "9d1a...", "name": "Sonora", "slug": "sonora"},
}


class CatalogReadView(ConditionalGetMixin, GenericAPIView):
    """Public catalog reads, with ETag: clients polling them get 304 while nothing changed."""

    permission_classes = [AllowAny]


class CategoryTreeView(CatalogReadView):
    pagination_class = None

    @extend_schema(
        summary="The category tree",
        description="Active categories nested under their parents, in their sort order.",
        responses={200: s.CategoryNodeOutput(many=True)},
        examples=[
            OpenApiExample(
                "Tree",
                value={
                    "id": "5c0e...",
                    "name": "Audio",
                    "slug": "audio",
                    "description": "",
                    "product_count": 3,
                    "children": [],
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        return Response(s.CategoryNodeOutput(selectors.category_tree(), many=True).data)


class BrandListView(CatalogReadView):
    serializer_class = s.BrandOutput

    def get_queryset(self):
        return selectors.brands()

    @extend_schema(summary="Brands", responses={200: s.BrandOutput(many=True)})
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.BrandOutput(page, many=True).data)


class ProductListView(CatalogReadView):
    serializer_class = s.ProductListOutput
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProductFilter
    # ProductFilter asks catalog.selectors.product_list for the products; this only names the model.
    queryset = Product.objects.none()

    @extend_schema(
        summary="Products",
        description="Sellable products, filtered and ordered; `page_size` up to 100. When searching, "
        '`search` says which words were searched: `{"query": "hoodie", "corrected_from": "hoddie"}` '
        "(`corrected_from` is empty when the words were searched as typed).",
        responses={200: s.ProductListOutput(many=True), 400: ErrorOutput},
        examples=[OpenApiExample("Product", value=PRODUCT_EXAMPLE, response_only=True)],
    )
    def get(self, request):
        filterset = ProductFilter(request.query_params, queryset=self.get_queryset(), request=request)
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        page = self.paginate_queryset(filterset.qs)
        response = self.get_paginated_response(s.ProductListOutput(page, many=True).data)
        listing = filterset.listing
        if listing.searched_for:
            response.data["search"] = {"query": listing.searched_for, "corrected_from": listing.corrected_from}
        return response


class ProductDetailView(ConditionalGetMixin, APIView):
    permission_classes = [AllowAny]

    @extend_schema(
        summary="One product",
        description="By id or slug, with its images and active variants (each with price and stock).",
        responses={200: s.ProductDetailOutput, 404: ErrorOutput},
    )
    def get(self, request, id_or_slug):
        try:
            self.product = selectors.product_detail(id_or_slug=id_or_slug)
        except Product.DoesNotExist:
            raise NotFound("No such product.") from None
        return Response(s.ProductDetailOutput(self.product).data)

    def get_last_modified(self):
        """The latest change to the product, its images or its variants (already loaded)."""
        product = getattr(self, "product", None)
        if product is None:
            return None
        rows = [product, *product.images.all(), *product.active_variants]
        return max(row.updated_at for row in rows)
