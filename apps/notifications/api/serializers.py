from rest_framework import serializers

from apps.core.api.serializers import MAX_LINES
from apps.notifications.events import Event
from apps.notifications.models import Notification


class PreferenceOutput(serializers.Serializer):
    event = serializers.CharField(help_text="An alert that can be switched off (transactional mail cannot)")
    label = serializers.CharField()
    email = serializers.BooleanField(help_text="Sent by email")
    in_app = serializers.BooleanField(help_text="Shown in the shop's notifications")


class PreferenceInput(serializers.Serializer):
    event = serializers.ChoiceField(choices=Event.choices)
    email = serializers.BooleanField(required=False)
    in_app = serializers.BooleanField(required=False)


class NotificationOutput(serializers.ModelSerializer):
    event = serializers.CharField(source="kind")

    class Meta:
        model = Notification
        fields = ("id", "event", "title", "body", "data", "read_at", "created_at")


class MarkReadInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.UUIDField(),
        required=False,
        max_length=MAX_LINES,
        help_text="Only these notifications; all unread when omitted",
    )


class MarkReadOutput(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread and are now read")
