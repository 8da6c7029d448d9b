"""Soft-deleting a product (seed 003 §9): gone from carts and listings, still in the orders that sold it."""

import pytest
from django.db import connection

from apps.cart.models import CartItem
from apps.catalog.models import Product
from apps.catalog.services import soft_delete_product
from apps.orders.models import OrderItem
from tests.factories import create_product
from tests.model_factories import create_cart, create_cart_item, create_order_item

pytestmark = pytest.mark.django_db


def test_soft_deleting_a_product_removes_it_from_every_cart_and_leaves_other_lines():
    product, other = create_product(), create_product()
    first_cart, second_cart = create_cart(), create_cart()
    create_cart_item(first_cart, product)
    create_cart_item(second_cart, product)
    kept = create_cart_item(first_cart, other)

    soft_delete_product(product=product)

    assert list(CartItem.objects.values_list("id", flat=True)) == [kept.id]


def test_a_soft_deleted_product_leaves_the_listings():
    product = create_product(name="Old mug")
    create_product(name="New mug")

    soft_delete_product(product=product)

    assert list(Product.objects.values_list("name", flat=True)) == ["New mug"]
    assert list(Product.objects.sellable().values_list("name", flat=True)) == ["New mug"]
    assert Product.all_objects.get(pk=product.pk).deleted_at is not None


def test_an_order_line_still_reaches_its_soft_deleted_product():
    line = create_order_item(product=create_product(name="Old mug"))

    soft_delete_product(product=line.product)

    line = OrderItem.objects.get(pk=line.pk)
    assert line.product.name == "Old mug"
    assert line.product.is_deleted


def test_soft_deleting_a_product_twice_keeps_the_first_time():
    product = create_product()
    soft_delete_product(product=product)
    first = product.deleted_at

    soft_delete_product(product=Product.all_objects.get(pk=product.pk))

    assert Product.all_objects.get(pk=product.pk).deleted_at == first


def test_stamping_deleted_at_with_plain_sql_also_empties_the_carts():
    product = create_product()
    create_cart_item(product=product)
    create_cart_item(product=product)

    with connection.cursor() as cursor:
        cursor.execute("UPDATE products SET deleted_at = now() WHERE id = %s", [product.pk])

    assert CartItem.objects.count() == 0


def test_a_cart_line_added_after_the_deletion_is_left_to_the_cart_rules_not_removed_again():
    """The trigger fires on the transition from live to deleted, not on every later update."""
    product = create_product()
    soft_delete_product(product=product)
    line = create_cart_item(product=product)

    with connection.cursor() as cursor:
        cursor.execute("UPDATE products SET deleted_at = now() WHERE id = %s", [product.pk])

    assert list(CartItem.objects.values_list("id", flat=True)) == [line.id]


def test_restoring_a_product_does_not_touch_carts():
    product = create_product()
    soft_delete_product(product=product)
    line = create_cart_item(product=product)

    Product.all_objects.filter(pk=product.pk).update(deleted_at=None)

    assert list(CartItem.objects.values_list("id", flat=True)) == [line.id]
