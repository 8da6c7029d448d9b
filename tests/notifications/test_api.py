"""/api/v1/me/notification-preferences/ and /api/v1/me/notifications/."""

import pytest
from rest_framework.test import APIClient

from apps.notifications.events import Event
from apps.notifications.models import NotificationPreference
from apps.notifications.services import notify
from tests.factories import create_user

pytestmark = pytest.mark.django_db

PREFERENCES = "/api/v1/me/notification-preferences/"


@pytest.fixture
def ada():
    return create_user("ada@example.com")


@pytest.fixture
def api(ada):
    client = APIClient()
    client.force_authenticate(ada)
    return client


def test_the_preferences_list_every_alert_switched_on_by_default(api):
    response = api.get(PREFERENCES)

    assert response.status_code == 200
    assert response.json() == [
        {"event": "review_approved", "label": "Review approved", "email": True, "in_app": True},
        {"event": "review_rejected", "label": "Review rejected", "email": True, "in_app": True},
        {"event": "back_in_stock", "label": "Back in stock", "email": True, "in_app": True},
        {"event": "price_drop", "label": "Price drop", "email": True, "in_app": True},
    ]


def test_switching_an_alert_off_by_email_is_kept_and_shown(api, ada):
    response = api.patch(PREFERENCES, [{"event": "price_drop", "email": False}], format="json")

    assert response.status_code == 200
    assert {"event": "price_drop", "label": "Price drop", "email": False, "in_app": True} in response.json()
    assert list(NotificationPreference.objects.values_list("user", "kind", "channel", "enabled")) == [
        (ada.pk, "price_drop", "email", False)
    ]


def test_a_transactional_event_cannot_be_switched_off_and_nothing_changes(api):
    choices = [{"event": "price_drop", "email": False}, {"event": "order_shipped", "email": False}]
    response = api.patch(PREFERENCES, choices, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "not_switchable"
    assert response.json()["error"]["message"] == "“Order shipped” messages cannot be switched off."
    assert NotificationPreference.objects.count() == 0


def test_an_unknown_event_is_a_field_error(api):
    response = api.patch(PREFERENCES, [{"event": "newsletter", "email": False}], format="json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert NotificationPreference.objects.count() == 0


def test_the_preferences_need_a_signed_in_user():
    assert APIClient().get(PREFERENCES).status_code == 401


def test_one_lists_and_marks_read_only_ones_own_notifications(api, ada, django_assert_max_num_queries):
    for n in range(3):
        notify(event=Event.BACK_IN_STOCK, user=ada, context={"title": f"Lamp {n} is back", "body": "Back."})
    notify(event=Event.BACK_IN_STOCK, user=create_user("grace@example.com"), context={"title": "Not Ada's"})

    with django_assert_max_num_queries(4):
        listed = api.get("/api/v1/me/notifications/?page_size=2").json()
    marked = api.post("/api/v1/me/notifications/read/", {}, format="json").json()

    assert listed["count"] == 3
    assert [row["title"] for row in listed["results"]] == ["Lamp 2 is back", "Lamp 1 is back"]
    assert (listed["results"][0]["event"], listed["results"][0]["read_at"]) == ("back_in_stock", None)
    assert marked == {"marked": 3}


def test_marking_read_with_a_malformed_id_is_a_field_error(api):
    response = api.post("/api/v1/me/notifications/read/", {"ids": ["not-a-uuid"]}, format="json")

    assert response.status_code == 400
    assert "ids" in response.json()["error"]["fields"]
