"""EqualsAny: `column = ANY(array)`, one parameter however many values."""

import pytest
from django.db.models import F

from apps.catalog.models import Product
from apps.core.lookups import EqualsAny
from tests.factories import create_category, create_product

pytestmark = pytest.mark.django_db


def test_equals_any_keeps_the_rows_whose_column_is_one_of_the_values():
    lamps, rugs, chairs = create_category(), create_category(), create_category()
    lamp, rug = create_product("Lamp", category=lamps), create_product("Rug", category=rugs)
    create_product("Chair", category=chairs)

    found = Product.objects.filter(EqualsAny(F("category_id"), [lamps.pk, rugs.pk])).order_by("name")

    assert list(found) == [lamp, rug]


def test_equals_any_sends_the_same_statement_whatever_the_number_of_values():
    def statement(values):
        ids = [create_category().pk for _ in range(values)]
        return Product.objects.filter(EqualsAny(F("category_id"), ids)).query.sql_with_params()

    (one_sql, one_params), (many_sql, many_params) = statement(1), statement(40)

    assert one_sql == many_sql and "= ANY(%s)" in one_sql
    assert (len(one_params[-1]), len(many_params[-1])) == (1, 40)
