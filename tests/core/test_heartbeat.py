"""Beat's heartbeat: a scheduled task stamps the time in Redis and /healthz reports its age."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.core.heartbeat import KEY
from apps.core.tasks import beat_heartbeat

pytestmark = pytest.mark.django_db


def test_healthz_reports_that_beat_never_beat(client):
    assert client.get("/healthz").json()["beat"] == {"last": None, "age_seconds": None, "state": "never"}


def test_healthz_reports_the_last_heartbeat_the_task_wrote(client):
    stamp = beat_heartbeat.delay().get()

    beat = client.get("/healthz").json()["beat"]

    assert beat["last"] == stamp
    assert beat["state"] == "ok"
    assert 0 <= beat["age_seconds"] <= 5


def test_a_heartbeat_older_than_three_minutes_is_stale(client):
    cache.set(KEY, (timezone.now() - timedelta(minutes=4)).isoformat(), timeout=None)

    beat = client.get("/healthz").json()["beat"]

    assert beat["state"] == "stale"
    assert 240 <= beat["age_seconds"] <= 245
