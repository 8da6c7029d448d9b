"""The strict Content-Security-Policy breaks nothing: no violation on the main pages, and the
storefront, the admin and Swagger UI still work under it."""

import pytest

from tests.checkout.factories import create_stocked_product
from tests.factories import create_staff

pytestmark = [pytest.mark.e2e, pytest.mark.csp, pytest.mark.django_db(transaction=True)]


def _violations(page):
    """Collects the browser's CSP reports for this tab."""
    seen = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and seen.append(f"{page.url}: {message.text}"),
    )
    return seen


def test_storefront_admin_and_swagger_ui_run_without_a_csp_violation(page, screenshot):
    create_stocked_product(name="Desk Lamp", slug="desk-lamp")
    create_staff(email="staff@example.com", password="correct horse battery")
    violations = _violations(page)

    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto("/p/desk-lamp/")
    # The shared page asks /visitor/ for the CSRF token, then posts: wait for that post's page.
    with page.expect_navigation():
        page.get_by_role("button", name="Add to cart").click()
    page.goto("/cart/")
    assert page.get_by_text("Desk Lamp").first.is_visible()

    page.goto("/admin/login/")
    page.get_by_label("Email").fill("staff@example.com")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    page.goto("/admin/catalog/product/add/")

    page.goto("/api/docs/")
    page.get_by_text("ShopFlow API").first.wait_for()
    page.get_by_text("/api/v1/auth/login/").first.wait_for()
    screenshot(page, "swagger-under-csp")

    assert violations == []
