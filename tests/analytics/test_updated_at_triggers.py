"""updated_at is kept by the database on every table that has the column."""

import datetime

import pytest
from django.db import connection

from apps.catalog.models import Product
from tests.factories import create_product

pytestmark = pytest.mark.django_db

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def test_every_table_with_updated_at_has_the_trigger():
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname
              FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'updated_at'
             WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')
               AND NOT c.relispartition
               AND NOT EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'set_updated_at')
            """
        )
        assert cursor.fetchall() == []
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'set_updated_at'")
        assert cursor.fetchone()[0] > 40


def test_an_update_that_does_not_set_updated_at_stamps_it():
    product = create_product()
    Product.objects.filter(pk=product.pk).update(updated_at=LONG_AGO)

    Product.objects.filter(pk=product.pk).update(name="Renamed")

    product.refresh_from_db()
    assert product.updated_at > LONG_AGO


def test_an_update_that_sets_updated_at_keeps_its_value():
    product = create_product()

    Product.objects.filter(pk=product.pk).update(name="Renamed", updated_at=LONG_AGO)

    product.refresh_from_db()
    assert product.updated_at == LONG_AGO
