"""Browser tests: Playwright driving Debian's Chromium against Django's live test server.

Playwright's own browser download cannot work offline, so the browser is /usr/bin/chromium (or
CHROMIUM_PATH), installed by `make test` (scripts/browser.sh). Screenshots land in
tests/e2e/screenshots/ (git-ignored).
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from apps.catalog.services import refresh_search_dictionary
from apps.demo.seeding.small import load_catalog, load_configuration, load_demo_customers, load_stock

# Playwright's sync API keeps an event loop running in this thread; the tests still use the ORM
# synchronously between browser steps, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
DESKTOP = {"width": 1366, "height": 900}
MOBILE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    """A fresh browser tab (its own cookies) on the live server, at desktop size.

    The test's own tools (axe injected as a script, predicates polled by wait_for_function) are
    scripts the shop's strict CSP forbids, so the tab bypasses it; tests marked `csp` run under the
    real policy and check that the shop's own scripts never break it."""
    enforce_csp = request.node.get_closest_marker("csp") is not None
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, bypass_csp=not enforce_csp)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot():
    """screenshot(page, "cart") saves cart-desktop.png and cart-mobile.png."""

    def take(page, name):
        SCREENSHOTS.mkdir(exist_ok=True)
        for label, size in (("desktop", DESKTOP), ("mobile", MOBILE)):
            page.set_viewport_size(size)
            page.screenshot(path=SCREENSHOTS / f"{name}-{label}.png", full_page=True)
        page.set_viewport_size(DESKTOP)

    return take


@pytest.fixture
def demo_shop():
    """The small demo shop's catalogue, stock, shipping and tax, and its customers (saved addresses)."""
    counts = {}
    customers = load_demo_customers(counts)
    load_configuration(counts)
    load_stock(load_catalog(counts), counts)
    refresh_search_dictionary()
    return customers


def sign_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
