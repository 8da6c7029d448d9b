"""The account's notifications page in a real browser."""

import pytest

from apps.notifications.events import Event
from apps.notifications.models import NotificationPreference
from apps.notifications.services import notify
from tests.factories import create_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_shopper_reads_notifications_and_switches_off_price_drop_mail(page, screenshot):
    ada = create_user("ada@example.com", password="an unusual passphrase", first_name="Ada")
    notify(
        event=Event.ORDER_SHIPPED,
        user=ada,
        context={"title": "Order SF-2026-000123 shipped", "body": "Your order is on its way with UPS."},
    )
    notify(
        event=Event.PRICE_DROP,
        user=ada,
        context={"title": "Brass Telescope costs less now", "body": "Now 99.00 USD (was 129.00 USD)."},
    )
    page.goto("/accounts/login/?next=/account/notifications/")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Password").fill("an unusual passphrase")
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url("**/account/notifications/")
    assert page.locator(".notification.unread").count() == 2
    screenshot(page, "account-notifications")

    page.get_by_role("button", name="Mark read").first.click()
    assert page.locator(".notification.unread").count() == 1
    page.get_by_label("Price drop by Email").uncheck()
    page.get_by_role("button", name="Save my choices").click()

    assert "Your notification choices were saved." in page.content()
    assert list(NotificationPreference.objects.filter(enabled=False).values_list("kind", "channel", "enabled")) == [
        ("price_drop", "email", False)
    ]
