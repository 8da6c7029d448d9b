"""The send queue on the real Redis broker and a real worker process on the real test database."""

import base64
import json
import time

import pytest
import redis
from django.conf import settings
from django.db import connection, transaction

from apps.notifications.events import Event
from apps.notifications.models import DeliveryLog, Notification
from apps.notifications.services import notify
from apps.notifications.tasks import send_email
from shopflow.celery import app as celery_app
from tests.celery_workers import running_worker
from tests.factories import create_user

pytestmark = pytest.mark.django_db(transaction=True)

QUEUE = "notifications"  # the queue notify's tasks are routed to (CELERY_TASK_ROUTES)
CONTEXT = {"title": "Your order SF-1 shipped", "body": "It is on its way."}


@pytest.fixture
def broker():
    """Tasks are published to Redis instead of running in-process; yields a client on the broker."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(QUEUE)
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    yield client
    celery_app.conf.task_always_eager = eager
    client.delete(QUEUE)


def queued_sends(client):
    """The log ids of the send_email tasks waiting on the broker."""
    messages = [json.loads(raw) for raw in client.lrange(QUEUE, 0, -1)]
    return [
        json.loads(base64.b64decode(message["body"]))[0][0]
        for message in messages
        if message["headers"]["task"] == "notifications.send_email"
    ]


def wait_for(condition, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_a_rolled_back_transaction_enqueues_nothing(broker):
    ada = create_user("ada@example.com")

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(event=Event.ORDER_SHIPPED, user=ada, context=CONTEXT)
        raise RuntimeError("the shipment could not be saved")

    assert queued_sends(broker) == []
    assert DeliveryLog.objects.count() == 0
    assert Notification.objects.count() == 0


def test_a_committed_event_is_queued_once_and_a_real_worker_sends_it_once(broker):
    ada = create_user("ada@example.com")

    with transaction.atomic():
        notify(event=Event.ORDER_SHIPPED, user=ada, context=CONTEXT)
    log = DeliveryLog.objects.get()
    assert queued_sends(broker) == [str(log.pk)]

    send_email.delay(str(log.pk))  # the same task delivered twice, as after a lost acknowledgement
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    )
    with running_worker(QUEUE, QUEUE, env={"DATABASE_URL": url}):
        assert wait_for(lambda: broker.llen(QUEUE) == 0 and DeliveryLog.objects.get().status == "sent")
        time.sleep(1)  # let the duplicate run to its end

    log.refresh_from_db()
    assert (log.status, log.attempts, log.error, log.recipient) == ("sent", 1, "", "ada@example.com")
    assert log.sent_at is not None
