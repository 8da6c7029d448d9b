"""axe-core (vendored from npm under static/vendor/axe-core/) over the shopper's pages, on a
desktop and on a phone: no serious or critical violation."""

from pathlib import Path

import pytest
from django.conf import settings

from apps.cart.services import add_item, get_or_create_user_cart
from apps.catalog.models import Product
from tests.e2e.conftest import DESKTOP, MOBILE, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/c/apparel/",
    "/c/hoodies/?attr_color=Navy&attr_size=M",
    "/search/?q=hoddie",
    "/p/zip-hoodie/",
    "/cart/?country=US&state=NY",
    "/checkout/",
    "/account/",
    "/account/addresses/",
    "/account/orders/",
]


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]][:3])
        for violation in violations
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_shop_pages_have_no_serious_accessibility_violations(page, live_server, demo_shop):
    grace = demo_shop["grace@example.com"]
    hoodie = Product.objects.get(slug="kids-hoodie")
    add_item(cart=get_or_create_user_cart(user=grace), product=hoodie, variant=hoodie.variants.first(), quantity=1)
    sign_in(page, live_server, grace)

    found = {}
    for size in (DESKTOP, MOBILE):
        page.set_viewport_size(size)
        for path in PAGES:
            page.goto(path)
            problems = serious_violations(page)
            if problems:
                found[f"{path} at {size['width']}px"] = problems

    assert page.evaluate("axe.version") == "4.14.1"  # the run above really used axe
    assert found == {}
