"""Saved cards and reviews in a real browser: save a card at checkout and pay with it next time;
the reviews of a product sorted by helpfulness, with the verified badge and the edit form."""

import pytest

from apps.accounts.models import User
from apps.orders.models import OrderStatus
from apps.payments.models import PaymentMethod
from apps.reviews.services import approve_review, submit_review, vote_helpful
from tests.checkout.factories import create_stocked_product
from tests.factories import create_shipping_method, create_staff, create_user
from tests.orders.factories import create_order
from tests.payments.conftest import NEXT_YEAR

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "an unusual passphrase"


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def buy_lamp(page, lamp):
    page.goto(f"/p/{lamp.slug}/")
    page.get_by_role("button", name="Add to cart").click()
    page.goto("/checkout/")


def test_a_shopper_saves_a_card_at_checkout_and_pays_with_it_next_time(page, screenshot):
    create_user("ada@example.com", password=PASSWORD, first_name="Ada")
    lamp = create_stocked_product(name="Desk Lamp", price="25.00")
    create_shipping_method(price="5.00")
    sign_in(page, "ada@example.com")

    buy_lamp(page, lamp)
    for label, value in (("First name", "Ada"), ("Last name", "Lovelace"), ("Address", "12 Analytical Row")):
        page.get_by_label(label, exact=True).first.fill(value)
    page.get_by_label("City").first.fill("Springfield")
    page.get_by_label("Postal code").first.fill("62701")
    page.get_by_label("State / region").first.select_option("IL")
    # The shipping options come as soon as the address is known, without a click.
    page.locator("input[name='shipping_method']").first.wait_for()
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_label("Expiry month").select_option("12")
    page.get_by_label("Expiry year").select_option(str(NEXT_YEAR))
    page.get_by_label("CVC").fill("314")
    page.get_by_label("Save this card for next time").check()
    page.get_by_role("button", name="Place order").click()
    assert PaymentMethod.objects.get(user=User.objects.get(email="ada@example.com")).card_last_four == "4242"

    page.goto("/account/cards/")
    assert "Visa ending in 4242" in page.locator(".saved-card").inner_text()
    screenshot(page, "saved-cards")

    buy_lamp(page, lamp)
    assert page.get_by_label("Visa ending in 4242", exact=False).is_checked()
    screenshot(page, "checkout-saved-card")


def test_reviews_sort_by_helpfulness_and_the_author_edits_theirs(page, screenshot):
    lamp = create_stocked_product(name="Desk Lamp", price="25.00")
    staff = create_staff()
    buyer = create_user(first_name="Bea")
    create_order(user=buyer, lines=[(lamp, 1)], status=OrderStatus.DELIVERED)
    useful = approve_review(
        review=submit_review(product=lamp, user=buyer, rating=5, title="Warm light", content="Lovely."),
        moderator=staff,
    )
    approve_review(review=submit_review(product=lamp, user=create_user(first_name="Ned"), rating=3), moderator=staff)
    vote_helpful(review_id=useful.pk, user=create_user())
    create_user("ada@example.com", password=PASSWORD, first_name="Ada")
    sign_in(page, "ada@example.com")

    page.goto(f"/p/{lamp.slug}/")
    page.get_by_role("link", name="Most helpful").click()
    assert page.locator(".review h3").first.inner_text() == "Warm light"
    page.get_by_role("button", name="Mark as helpful").first.click()
    page.get_by_label("Title").fill("My first go")
    page.get_by_role("button", name="Submit review").click()
    assert page.get_by_role("heading", name="Edit your review").is_visible()
    screenshot(page, "product-reviews")
