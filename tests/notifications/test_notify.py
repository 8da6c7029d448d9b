"""notify: one mail and one log row per event, sent after commit by a retrying task, as the user chose."""

import pytest
from celery.signals import task_retry
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction

from apps.notifications.events import Event
from apps.notifications.exceptions import NotSwitchable
from apps.notifications.models import Channel, DeliveryLog, EmailTemplate, Notification, NotificationPreference
from apps.notifications.services import deliver_email, mark_read, notify, notify_staff, set_preference
from apps.notifications.tasks import send_email
from shopflow.celery import app as celery_app
from tests.factories import create_staff, create_user

pytestmark = pytest.mark.django_db

CONTEXT = {"title": "Brass Telescope is back in stock", "body": "It is back.", "data": {"product_id": "p1"}}


@pytest.fixture
def ada():
    return create_user("ada@example.com", first_name="Ada")


def test_one_event_sends_one_mail_logged_as_sent(ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = notify(event=Event.BACK_IN_STOCK, user=ada, context=CONTEXT)

    assert [(m.to, m.subject) for m in mail.outbox] == [(["ada@example.com"], "Brass Telescope is back in stock")]
    assert mail.outbox[0].body == "Hello Ada,\n\nIt is back.\n"
    assert mail.outbox[0].alternatives[0][1] == "text/html"
    log = DeliveryLog.objects.get()
    assert (log.kind, log.recipient, log.status, log.attempts, log.error) == (
        "back_in_stock",
        "ada@example.com",
        "sent",
        1,
        "",
    )
    assert log.notification == notification
    assert (notification.title, notification.body, notification.data) == (
        "Brass Telescope is back in stock",
        "It is back.",
        {"product_id": "p1"},
    )


def test_a_duplicated_or_retried_task_never_sends_twice(ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.ORDER_CONFIRMED, user=ada, context=CONTEXT)
    log = DeliveryLog.objects.get()

    send_email.delay(str(log.pk))
    deliver_email(log_id=log.pk)

    assert len(mail.outbox) == 1
    log.refresh_from_db()
    assert (log.status, log.attempts) == ("sent", 1)


def test_nothing_is_queued_before_the_transaction_commits(ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(event=Event.ORDER_CONFIRMED, user=ada, context=CONTEXT)

    assert mail.outbox == []
    assert DeliveryLog.objects.get().status == "queued"
    assert len(callbacks) == 1


def test_a_guest_gets_the_mail_and_no_in_shop_notification(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(event=Event.ORDER_SHIPPED, email="guest@example.com", context=CONTEXT) is None

    assert [m.to for m in mail.outbox] == [["guest@example.com"]]
    assert Notification.objects.count() == 0


def test_an_alert_switched_off_by_email_is_only_shown_in_the_shop(ada, django_capture_on_commit_callbacks):
    set_preference(user=ada, event=Event.BACK_IN_STOCK, channel=Channel.EMAIL, enabled=False)

    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.BACK_IN_STOCK, user=ada, context=CONTEXT)

    assert mail.outbox == []
    assert DeliveryLog.objects.count() == 0
    assert list(Notification.objects.values_list("kind", flat=True)) == ["back_in_stock"]


def test_an_alert_switched_off_in_the_shop_is_only_mailed(ada, django_capture_on_commit_callbacks):
    set_preference(user=ada, event=Event.PRICE_DROP, channel=Channel.IN_APP, enabled=False)

    with django_capture_on_commit_callbacks(execute=True):
        assert notify(event=Event.PRICE_DROP, user=ada, context=CONTEXT) is None

    assert len(mail.outbox) == 1
    assert Notification.objects.count() == 0


def test_switching_an_alert_back_on_sends_it_again(ada, django_capture_on_commit_callbacks):
    set_preference(user=ada, event=Event.REVIEW_APPROVED, channel=Channel.EMAIL, enabled=False)
    set_preference(user=ada, event=Event.REVIEW_APPROVED, channel=Channel.EMAIL, enabled=True)

    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.REVIEW_APPROVED, user=ada, context=CONTEXT)

    assert len(mail.outbox) == 1
    assert NotificationPreference.objects.get().enabled is True


@pytest.mark.parametrize("event", [Event.ORDER_PLACED, Event.RETURN_REFUNDED, Event.PASSWORD_RESET, Event.LOW_STOCK])
def test_transactional_and_staff_mail_cannot_be_switched_off(ada, event):
    with pytest.raises(NotSwitchable) as refused:
        set_preference(user=ada, event=event, channel=Channel.EMAIL, enabled=False)

    assert refused.value.code == "not_switchable"
    assert NotificationPreference.objects.count() == 0


def test_the_database_refuses_a_switched_off_transactional_preference(ada):
    with pytest.raises(IntegrityError, match="notification_preferences_only_switchable_off"), transaction.atomic():
        NotificationPreference.objects.create(user=ada, kind="order_shipped", channel="email", enabled=False)


@pytest.fixture
def eager_retries():
    """Eager tasks retry in-process like a worker would, instead of raising Retry to the caller."""
    propagates, celery_app.conf.task_eager_propagates = celery_app.conf.task_eager_propagates, False
    yield
    celery_app.conf.task_eager_propagates = propagates


def test_a_failing_send_retries_with_exponential_backoff_then_logs_failed(
    ada, settings, eager_retries, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.notifications.backends.DownEmailBackend"
    countdowns = []

    def record(sender, request, reason, **kwargs):
        countdowns.append(reason.when)

    task_retry.connect(record, sender=send_email, weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            notify(event=Event.ORDER_CANCELLED, user=ada, context=CONTEXT)
    finally:
        task_retry.disconnect(record, sender=send_email)

    assert countdowns == [30, 60, 120, 240, 480]
    log = DeliveryLog.objects.get()
    assert (log.status, log.attempts) == ("failed", 6)
    assert log.error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert log.sent_at is None
    assert mail.outbox == []


def test_a_send_that_fails_once_is_sent_on_the_retry(ada, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notify(event=Event.ORDER_DELIVERED, user=ada, context=CONTEXT)
    log = DeliveryLog.objects.get()

    settings.EMAIL_BACKEND = "tests.notifications.backends.DownEmailBackend"
    with pytest.raises(Exception, match="Connection unexpectedly closed"):
        deliver_email(log_id=log.pk, final_attempt=False)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliver_email(log_id=log.pk)

    log.refresh_from_db()
    assert (log.status, log.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_an_edited_database_template_changes_the_mail_sent(ada, django_capture_on_commit_callbacks):
    EmailTemplate.objects.update_or_create(
        key="back_in_stock",
        defaults={
            "subject": "Hurry, {{ user.first_name }}: {{ title }}",
            "body_text": "{{ body }} Only a few left.",
            "body_html": "<p>{{ body }}</p>",
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.BACK_IN_STOCK, user=ada, context=CONTEXT)

    assert mail.outbox[0].subject == "Hurry, Ada: Brass Telescope is back in stock"
    assert mail.outbox[0].body == "It is back. Only a few left.\n"
    assert mail.outbox[0].alternatives[0][0] == "<p>It is back.</p>"


def test_the_file_template_is_the_fallback_when_the_database_has_none(ada, django_capture_on_commit_callbacks):
    EmailTemplate.objects.update_or_create(
        key="back_in_stock", defaults={"is_active": False, "subject": "Not used", "body_text": "Not used"}
    )

    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.BACK_IN_STOCK, user=ada, context=CONTEXT)

    assert mail.outbox[0].subject == "Brass Telescope is back in stock"


@pytest.mark.django_db(transaction=True)
def test_the_data_migration_seeds_one_template_per_event_from_the_files_and_reverses():
    call_command("migrate", "notifications", "0003", verbosity=0)
    assert EmailTemplate.objects.count() == 0
    call_command("migrate", "notifications", verbosity=0)

    assert sorted(EmailTemplate.objects.filter(is_active=True).values_list("key", flat=True)) == sorted(Event.values)
    shipped = EmailTemplate.objects.get(key="order_shipped")
    assert shipped.subject == "{{ title }}"
    assert "{{ data.tracking_number" in shipped.body_text
    assert shipped.body_html.startswith('{% extends "notifications/email_base.html" %}')


def test_a_secret_link_is_mailed_but_never_kept_nor_shown_in_the_shop(ada, django_capture_on_commit_callbacks):
    context = {"title": "Reset your password", "body": "Open it.", "link": "http://shop/reset/SECRET/"}
    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.PASSWORD_RESET, user=ada, context=context)

    assert "http://shop/reset/SECRET/" in mail.outbox[0].body
    assert DeliveryLog.objects.values_list("status", "body_text", "body_html").get() == ("sent", "", "")
    assert Notification.objects.count() == 0


def test_staff_each_get_their_own_logged_mail(django_capture_on_commit_callbacks):
    create_staff("ops@example.com"), create_staff("boss@example.com"), create_user("shopper@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        notify_staff(kind=Event.BACKUP_FAILED, title="Backup failed", body="pg_dump exited with status 1")

    assert sorted(DeliveryLog.objects.values_list("recipient", "status", "subject")) == [
        ("boss@example.com", "sent", "Backup failed"),
        ("ops@example.com", "sent", "Backup failed"),
    ]


def test_marking_read_touches_only_the_users_unread_notifications(ada):
    other = create_user("grace@example.com")
    first = notify(event=Event.BACK_IN_STOCK, user=ada, context=CONTEXT)
    second = notify(event=Event.PRICE_DROP, user=ada, context=CONTEXT)
    theirs = notify(event=Event.PRICE_DROP, user=other, context=CONTEXT)

    assert mark_read(user=ada, notification_ids=[first.pk, theirs.pk]) == 1
    assert mark_read(user=ada) == 1

    assert Notification.objects.filter(user=ada, read_at__isnull=True).count() == 0
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert Notification.objects.get(pk=second.pk).read_at is not None


def test_a_database_template_that_breaks_at_send_time_falls_back_to_the_file(ada, django_capture_on_commit_callbacks):
    EmailTemplate.objects.update_or_create(
        key="back_in_stock", defaults={"subject": "{% include 'notifications/missing.txt' %}", "body_text": "x"}
    )

    with django_capture_on_commit_callbacks(execute=True):
        notify(event=Event.BACK_IN_STOCK, user=ada, context=CONTEXT)

    assert mail.outbox[0].subject == "Brass Telescope is back in stock"
    assert mail.outbox[0].body == "Hello Ada,\n\nIt is back.\n"


def test_notify_costs_a_few_queries_in_the_callers_transaction(ada, django_assert_num_queries):
    # Template, in-shop notification, log row; an alert also reads the user's choices.
    with django_assert_num_queries(3):
        notify(event=Event.ORDER_SHIPPED, user=ada, context=CONTEXT)
    with django_assert_num_queries(4):
        notify(event=Event.PRICE_DROP, user=ada, context=CONTEXT)
