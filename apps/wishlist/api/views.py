from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.catalog.models import Product, ProductVariant
from apps.core.api.serializers import ErrorOutput
from apps.wishlist import selectors, services

from . import serializers as s

UNAUTHORISED = {401: ErrorOutput}


class WishlistView(GenericAPIView):
    serializer_class = s.WishlistItemOutput

    def get_queryset(self):
        return selectors.wishlist_for_user(self.request.user)

    @extend_schema(summary="One's wishlist", responses={200: s.WishlistItemOutput(many=True), **UNAUTHORISED})
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.WishlistItemOutput(page, many=True).data)

    @extend_schema(
        summary="Save a product (or one of its variants)",
        description="Saving it again changes nothing and answers 201 with the saved item.",
        request=s.WishlistInput,
        responses={201: s.WishlistItemOutput, 400: ErrorOutput, **UNAUTHORISED},
        examples=[OpenApiExample("Save", value={"product": "0b6f2c1e-..."}, request_only=True)],
    )
    def post(self, request):
        data = s.WishlistInput(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.add_to_wishlist(user=request.user, **data.validated_data)
        # Read back through the selector for the image url the list shows.
        return Response(s.WishlistItemOutput(self.get_queryset().get(pk=item.pk)).data, status=status.HTTP_201_CREATED)


class WishlistItemView(APIView):
    @extend_schema(
        summary="Forget a saved product",
        parameters=[s.WishlistRemoveQuery],
        responses={204: None, 404: ErrorOutput, **UNAUTHORISED},
    )
    def delete(self, request, product_id):
        product = get_object_or_404(Product.all_objects, pk=product_id)
        query = s.WishlistRemoveQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        variant_id = query.validated_data["variant"]
        variant = get_object_or_404(ProductVariant, pk=variant_id, product=product) if variant_id else None
        if not services.remove_from_wishlist(user=request.user, product=product, variant=variant):
            raise NotFound("This product is not on your wishlist.")
        return Response(status=status.HTTP_204_NO_CONTENT)
