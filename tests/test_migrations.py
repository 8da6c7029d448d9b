"""The migrations build the whole schema from nothing, take it down to nothing, and match the models."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

SHOPFLOW_APPS = [
    config
    for config in apps.get_app_configs()
    if config.name.startswith("apps.") and (Path(config.path) / "migrations").is_dir()
]
SHOPFLOW_TABLES = {
    model._meta.db_table for config in SHOPFLOW_APPS for model in config.get_models() if model._meta.managed
}
SOFT_DELETE_FUNCTIONS = {"cart_forget_deleted_product", "cart_forget_deleted_user"}


def tables():
    return set(connection.introspection.table_names()) & SHOPFLOW_TABLES


def functions():
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname FROM pg_proc WHERE proname = ANY(%s)", [list(SOFT_DELETE_FUNCTIONS)])
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.django_db
def test_the_models_need_no_migration_that_is_not_written():
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_every_migration_reverses_to_zero_and_applies_again():
    try:
        call_command("migrate", "cart", "0003", verbosity=0)
        assert functions() == set()

        # Unapplying an app also unapplies the migrations of other apps that depend on it.
        for config in reversed(SHOPFLOW_APPS):
            call_command("migrate", config.label, "zero", verbosity=0)
        assert tables() == set()
    finally:
        # Put the schema back whatever happened, so the tests after this one find their tables.
        call_command("migrate", verbosity=0)

    assert tables() == SHOPFLOW_TABLES
    assert functions() == SOFT_DELETE_FUNCTIONS
