"""Without DATABASE_REPLICA_URLS (the default) the router sends everything to the primary."""

import os
import subprocess
import sys

import pytest

from apps.core.middleware import READ_PRIMARY_COOKIE
from apps.core.replicas import read_alias, replica_reads
from tests.conftest import ROOT
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


def test_database_replica_urls_become_one_alias_each():
    """Settings are read once at start-up: a fresh interpreter reads the variable."""
    code = (
        "from django.conf import settings; "
        "print(settings.DATABASE_REPLICAS, [settings.DATABASES[a]['PORT'] for a in settings.DATABASE_REPLICAS])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shopflow.settings.test",
        "DATABASE_REPLICA_URLS": "postgres://shopflow:s@10.0.0.5:5432/shopflow,postgres://shopflow:s@10.0.0.6:5433/shopflow",
    }
    done = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True)

    assert done.stdout.strip() == "['replica_0', 'replica_1'] [5432, 5433]"
