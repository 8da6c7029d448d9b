"""Without DATABASE_REPLICA_URLS (the default) the router sends everything to the primary."""

import pytest

from apps.core.middleware import READ_PRIMARY_COOKIE
from apps.core.replicas import read_alias, replica_reads
from tests.factories import create_user


def test_without_replicas_every_read_uses_the_primary(settings):
    assert settings.DATABASE_REPLICAS == []
    with replica_reads():
        assert read_alias() == "default"


@pytest.mark.django_db
def test_without_replicas_a_write_sets_no_read_primary_cookie(client):
    create_user("ada@example.com", password="correct horse battery")

    response = client.post("/accounts/login/", {"email": "ada@example.com", "password": "correct horse battery"})

    assert response.status_code == 302
    assert READ_PRIMARY_COOKIE not in response.cookies
