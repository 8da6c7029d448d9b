from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.catalog.models import Product
from apps.core.api.serializers import ErrorOutput
from apps.reviews import selectors, services

from . import serializers as s


class ProductMixin:
    def get_product(self):
        return get_object_or_404(Product.objects.sellable(), pk=self.kwargs["product_id"])


class ProductReviewListView(ProductMixin, GenericAPIView):
    serializer_class = s.ReviewOutput

    def get_permissions(self):
        # Anyone reads reviews; only a signed-in shopper writes one.
        return [AllowAny()] if self.request.method == "GET" else [IsAuthenticated()]

    @extend_schema(
        summary="A product's approved reviews",
        description="Newest first, or the most helpful first with `sort=helpful`.",
        parameters=[s.ReviewListQuery],
        responses={200: s.ReviewOutput(many=True), 400: ErrorOutput, 404: ErrorOutput},
    )
    def get(self, request, product_id):
        query = s.ReviewListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = self.paginate_queryset(selectors.approved_reviews(self.get_product(), **query.validated_data))
        return self.get_paginated_response(s.ReviewOutput(page, many=True).data)

    @extend_schema(
        summary="Review a product",
        description="The review waits for moderation (`is_approved` false) before it is shown. One per product: "
        "change it with PUT reviews/mine/.",
        request=s.ReviewInput,
        responses={201: s.ReviewOutput, 400: ErrorOutput, 401: ErrorOutput, 404: ErrorOutput, 409: ErrorOutput},
        examples=[
            OpenApiExample(
                "Review", value={"rating": 5, "title": "Crisp sound", "content": "Worth it."}, request_only=True
            )
        ],
    )
    def post(self, request, product_id):
        product = self.get_product()
        data = s.ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.submit_review(product=product, user=request.user, **data.validated_data)
        return Response(s.ReviewOutput(review).data, status=status.HTTP_201_CREATED)


class MyReviewView(ProductMixin, APIView):
    @extend_schema(
        summary="Edit one's review of the product",
        description="The edited review waits for moderation again.",
        request=s.ReviewInput,
        responses={200: s.ReviewOutput, 400: ErrorOutput, 401: ErrorOutput, 404: ErrorOutput},
    )
    def put(self, request, product_id):
        product = self.get_product()
        data = s.ReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.edit_review(product=product, user=request.user, **data.validated_data)
        return Response(s.ReviewOutput(review).data)


class HelpfulVoteView(APIView):
    @extend_schema(
        summary="Find a review helpful",
        description="Once per shopper and review (409 the second time); not for one's own review (400).",
        request=None,
        responses={201: s.HelpfulOutput, 400: ErrorOutput, 401: ErrorOutput, 404: ErrorOutput, 409: ErrorOutput},
    )
    def post(self, request, review_id):
        count = services.vote_helpful(review_id=review_id, user=request.user)
        return Response({"helpful_count": count}, status=status.HTTP_201_CREATED)
