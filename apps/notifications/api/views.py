from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core.api.serializers import ErrorOutput
from apps.notifications import selectors, services
from apps.notifications.models import Channel

from . import serializers as s

UNAUTHORISED = {401: ErrorOutput}


class PreferencesView(APIView):
    @extend_schema(
        summary="Which alerts one receives",
        description="Every alert that can be switched off, with the choice per channel. Transactional mail "
        "(orders, returns, password reset, email verification) is always sent and is not listed.",
        responses={200: s.PreferenceOutput(many=True), **UNAUTHORISED},
    )
    def get(self, request):
        return Response(s.PreferenceOutput(selectors.preferences_for_user(user=request.user), many=True).data)

    @extend_schema(
        summary="Switch alerts on or off",
        description="Changes only the events and channels sent, all or none. Naming a transactional event "
        "answers 400 `not_switchable`.",
        request=s.PreferenceInput(many=True),
        responses={200: s.PreferenceOutput(many=True), 400: ErrorOutput, **UNAUTHORISED},
        # drf-spectacular wraps a many=True body's example in the list itself: one item is given.
        examples=[
            OpenApiExample("No price drops by email", value={"event": "price_drop", "email": False}, request_only=True)
        ],
    )
    def patch(self, request):
        data = s.PreferenceInput(data=request.data, many=True)
        data.is_valid(raise_exception=True)
        choices = {
            (row["event"], channel): row[channel]
            for row in data.validated_data
            for channel in (Channel.EMAIL, Channel.IN_APP)
            if channel in row
        }
        services.set_preferences(user=request.user, choices=choices)
        return self.get(request)


class NotificationListView(GenericAPIView):
    serializer_class = s.NotificationOutput

    def get_queryset(self):
        return selectors.notifications_for_user(user=self.request.user)

    @extend_schema(
        summary="One's notifications in the shop, newest first",
        responses={200: s.NotificationOutput(many=True), **UNAUTHORISED},
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(s.NotificationOutput(page, many=True).data)


class MarkReadView(APIView):
    @extend_schema(
        summary="Mark notifications read",
        request=s.MarkReadInput,
        responses={200: s.MarkReadOutput, 400: ErrorOutput, **UNAUTHORISED},
    )
    def post(self, request):
        data = s.MarkReadInput(data=request.data)
        data.is_valid(raise_exception=True)
        marked = services.mark_read(user=request.user, notification_ids=data.validated_data.get("ids"))
        return Response(s.MarkReadOutput({"marked": marked}).data)
