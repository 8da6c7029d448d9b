"""The account's notifications page: messages from the shop, marking them read, choosing alerts."""

import pytest

from apps.notifications.events import Event
from apps.notifications.models import Notification, NotificationPreference
from apps.notifications.services import notify
from tests.factories import create_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(client):
    user = create_user("ada@example.com", first_name="Ada")
    client.force_login(user)
    return user


def tell(user, title):
    return notify(event=Event.BACK_IN_STOCK, user=user, context={"title": title, "body": "Back on the shelf."})


def test_the_page_lists_ones_messages_newest_first_with_the_unread_count(client, ada, django_assert_max_num_queries):
    tell(ada, "Desk Lamp is back in stock")
    tell(ada, "Brass Telescope is back in stock")
    tell(create_user("grace@example.com"), "Not for Ada")

    with django_assert_max_num_queries(12):
        content = client.get("/account/notifications/").content.decode()

    assert content.index("Brass Telescope is back in stock") < content.index("Desk Lamp is back in stock")
    assert "Not for Ada" not in content
    assert '<span class="badge" title="unread">2</span>' in content
    assert content.count(">Mark read</button>") == 2


def test_marking_one_read_then_all(client, ada):
    first, second = tell(ada, "One"), tell(ada, "Two")

    client.post("/account/notifications/read/", {"notification": str(first.pk)})
    assert list(Notification.objects.filter(read_at__isnull=True).values_list("title", flat=True)) == ["Two"]

    response = client.post("/account/notifications/read/", follow=True)
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    assert "Mark all read" not in response.content.decode()
    assert Notification.objects.get(pk=second.pk).read_at is not None


def test_a_malformed_id_is_a_message_and_changes_nothing(client, ada):
    tell(ada, "One")

    response = client.post("/account/notifications/read/", {"notification": "nope"}, follow=True)

    assert "That notification does not exist." in response.content.decode()
    assert Notification.objects.filter(read_at__isnull=True).count() == 1


def test_the_choices_list_only_alerts_and_saving_them_switches_off_what_is_unticked(client, ada):
    content = client.get("/account/notifications/").content.decode()
    assert "Price drop" in content
    assert "Order shipped" not in content
    assert "Mail about your orders, returns and account" in content

    ticked = {
        "review_approved__email": "on",
        "review_approved__in_app": "on",
        "review_rejected__email": "on",
        "review_rejected__in_app": "on",
        "back_in_stock__email": "on",
        "back_in_stock__in_app": "on",
        "price_drop__in_app": "on",
    }
    response = client.post("/account/notifications/", ticked, follow=True)

    assert "Your notification choices were saved." in response.content.decode()
    assert list(NotificationPreference.objects.filter(enabled=False).values_list("kind", "channel")) == [
        ("price_drop", "email")
    ]
    assert 'name="price_drop__email" id="id_price_drop__email"' in response.content.decode()
    assert 'name="price_drop__in_app" id="id_price_drop__in_app" checked' in response.content.decode()


def test_the_page_needs_a_signed_in_shopper(client):
    response = client.get("/account/notifications/")

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
