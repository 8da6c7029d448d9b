"""Shopper fixtures: a guest browser holding a cart, and a signed-in one."""

import pytest

from apps.cart.services import get_or_create_guest_cart
from apps.storefront.carts import SESSION_KEY


def give_guest_cart(client):
    """A new guest cart tied to this test client's session, as the first add to cart would."""
    cart = get_or_create_guest_cart()
    session = client.session
    session[SESSION_KEY] = cart.session_id
    session.save()
    return cart


@pytest.fixture
def guest_cart(client):
    return give_guest_cart(client)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a change as if its transaction committed (the on-commit bump runs)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
