"""Soft-deleting a user (seed 003 §9): their cart goes, their orders stay, they can no longer sign in."""

from datetime import timedelta

import pytest
from django.contrib.auth import authenticate
from django.db import connection
from django.utils import timezone

from apps.accounts.models import User, UserSession
from apps.accounts.services import soft_delete_user
from apps.cart.models import Cart, CartItem
from apps.orders.models import Order
from tests.factories import create_user
from tests.model_factories import create_cart, create_cart_item, create_order

pytestmark = pytest.mark.django_db


def session(user, token_hash, **fields):
    return UserSession.objects.create(
        user=user, refresh_token_hash=token_hash, expires_at=timezone.now() + timedelta(days=30), **fields
    )


def test_soft_deleting_a_user_clears_their_cart_and_no_one_elses():
    user, other = create_user(), create_user()
    create_cart_item(create_cart(user))
    kept = create_cart_item(create_cart(other))

    soft_delete_user(user=user)

    assert list(Cart.objects.values_list("user_id", flat=True)) == [other.id]
    assert list(CartItem.objects.values_list("id", flat=True)) == [kept.id]


def test_soft_deleting_a_user_keeps_their_orders_attached_to_them():
    user = create_user()
    order = create_order(user)

    soft_delete_user(user=user)

    order = Order.objects.get(pk=order.pk)
    assert order.user_id == user.id
    assert order.user.is_deleted


def test_a_soft_deleted_user_cannot_sign_in_and_is_hidden_from_the_user_list(rf):
    user = create_user("gone@example.com", password="correct horse battery")

    soft_delete_user(user=user)

    assert authenticate(rf.post("/accounts/login/"), email="gone@example.com", password="correct horse battery") is None
    assert not User.objects.filter(pk=user.pk).exists()
    assert User.all_objects.get(pk=user.pk).is_active is False


def test_soft_deleting_a_user_revokes_every_live_session_and_keeps_earlier_revocations():
    user, other = create_user(), create_user()
    earlier = timezone.now() - timedelta(days=1)
    session(user, "a" * 64)
    session(user, "b" * 64, revoked_at=earlier)
    session(other, "c" * 64)

    soft_delete_user(user=user)

    revoked = dict(UserSession.objects.values_list("refresh_token_hash", "revoked_at"))
    assert revoked["a" * 64] == User.all_objects.get(pk=user.pk).deleted_at
    assert revoked["b" * 64] == earlier
    assert revoked["c" * 64] is None


def test_stamping_deleted_at_with_plain_sql_also_removes_the_cart():
    user = create_user()
    create_cart_item(create_cart(user))

    with connection.cursor() as cursor:
        cursor.execute("UPDATE users SET deleted_at = now() WHERE id = %s", [user.pk])

    assert Cart.objects.count() == 0
    assert CartItem.objects.count() == 0
