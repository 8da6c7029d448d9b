"""The audit actor is set for writes only: a read changes nothing and must not pay for it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import create_user

pytestmark = pytest.mark.django_db


def _set_config_calls(client, method, url):
    with CaptureQueriesContext(connection) as queries:
        getattr(client, method)(url)
    return [query["sql"] for query in queries if "set_config" in query["sql"]]


def test_a_signed_in_read_sets_no_audit_actor(client):
    client.force_login(create_user())

    assert _set_config_calls(client, "get", "/account/") == []


def test_a_signed_in_write_names_its_actor_then_clears_it(client):
    client.force_login(create_user())

    assert len(_set_config_calls(client, "post", "/account/notifications/read/")) == 2
