"""Every constraint of the notification tables refuses a row written past Django's validation."""

import pytest

from apps.notifications.models import DeliveryLog, EmailTemplate, Notification, NotificationPreference
from tests.factories import create_user
from tests.model_factories import refused_by

pytestmark = pytest.mark.django_db


def template():
    return EmailTemplate.objects.create(key="order_confirmation", subject="Thanks", body_text="Hi")


def second_preference_for_the_same_kind():
    user = create_user()
    NotificationPreference.objects.create(user=user, kind="order_shipped", channel="email")
    NotificationPreference.objects.create(user=user, kind="order_shipped", channel="email")


VIOLATIONS = {
    "email_templates_key_key": lambda: (template(), template()),
    "notifications_channel_check": lambda: Notification.objects.create(user=create_user(), title="Hi", channel="sms"),
    "notification_preferences_key": second_preference_for_the_same_kind,
    # Order mail is transactional: no preference row may switch it off.
    "notification_preferences_only_switchable_off": lambda: NotificationPreference.objects.create(
        user=create_user(), kind="order_shipped", channel="email", enabled=False
    ),
    "notification_logs_status_check": lambda: DeliveryLog.objects.create(
        channel="email", recipient="a@example.com", status="bounced"
    ),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
