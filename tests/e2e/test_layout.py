import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_lost_shopper_can_search_from_the_404_page(page, screenshot):
    page.goto("/no-such-page/")

    assert page.get_by_role("heading", name="We could not find that page").is_visible()
    page.get_by_label("Search products").first.fill("lamp")
    screenshot(page, "not-found")
    page.get_by_role("button", name="Search").first.click()

    page.wait_for_url("**/search/?q=lamp")
