"""The admin console in a browser: the dashboard draws its charts from real sales, and pages fit 1366px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.analytics.services import refresh_all
from apps.audit.models import AuditLogEntry
from apps.reviews.services import submit_review
from tests.analytics.factories import create_order
from tests.e2e.conftest import MOBILE, SCREENSHOTS
from tests.factories import (
    create_category,
    create_image,
    create_product,
    create_stock,
    create_user,
    create_variant,
    create_warehouse,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}
PASSWORD = "console-e2e-password"


def at_noon(date):
    return datetime.datetime.combine(date, datetime.time(12), tzinfo=datetime.UTC)


def seed_sales():
    """Orders on three days: today (2: 60.00 + 40.00 of audio), 10 days ago (1: 25.00 of home) and
    45 days ago (1: 80.00 of audio), from three customers; one lamp low on stock."""
    today = timezone.localdate()
    audio, home = create_category("Audio"), create_category("Home")
    speaker = create_product("Speaker", price="20.00", category=audio)
    lamp = create_product("Lamp", price="25.00", category=home)
    ann, bob, cy = (create_user(f"{name}@example.com") for name in ("ann", "bob", "cy"))
    create_order(ann, [(speaker, 3)], placed_at=at_noon(today))
    create_order(bob, [(speaker, 2)], placed_at=at_noon(today))
    create_order(cy, [(lamp, 1)], placed_at=at_noon(today - datetime.timedelta(days=10)))
    create_order(ann, [(speaker, 4)], placed_at=at_noon(today - datetime.timedelta(days=45)))
    create_stock(lamp, warehouse=create_warehouse("EAST"), on_hand=2, reorder_point=5)
    refresh_all()
    return today


def log_in(page):
    create_user("owner@shopflow.test", password=PASSWORD, is_staff=True, is_superuser=True)
    page.set_viewport_size(LAPTOP)
    page.goto("/admin/login/")
    page.get_by_label("Email").fill("owner@shopflow.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def chart_data(page, canvas_id):
    """The labels and first dataset of the Chart.js instance drawn on a canvas."""
    return page.evaluate(
        """id => { const chart = Chart.getChart(document.getElementById(id));
                   return chart && {labels: chart.data.labels, data: chart.data.datasets[0].data,
                                    drawn: chart.getDatasetMeta(0).data.length}; }""",
        canvas_id,
    )


def horizontal_overflow(page):
    """Pixels the page, or a list's table inside its box, is wider than the window shows."""
    return page.evaluate(
        """() => Math.max(...[document.documentElement, ...document.querySelectorAll("#changelist .results")]
                          .map(box => box.scrollWidth - box.clientWidth))"""
    )


def test_the_dashboard_draws_its_charts_from_the_sales(page):
    today = seed_sales()
    log_in(page)

    page.wait_for_selector("#chart-daily-sales")
    daily = chart_data(page, "chart-daily-sales")
    monthly = chart_data(page, "chart-monthly-revenue")
    categories = chart_data(page, "chart-categories")
    segments = chart_data(page, "chart-segments")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "console-dashboard-1366.png", full_page=True)

    assert daily["labels"][-1] == today.isoformat() and len(daily["labels"]) == 90
    assert (daily["data"][-1], daily["data"][-11], daily["data"][-46]) == (100, 25, 80)
    assert daily["drawn"] == 90
    assert sum(monthly["data"]) == 205
    assert dict(zip(categories["labels"], categories["data"], strict=True)) == {"Audio": 180, "Home": 25}
    assert sum(segments["data"]) == 3 and segments["drawn"] == 6
    assert page.get_by_text("Lamp").first.is_visible()  # the low-stock table
    assert horizontal_overflow(page) == 0
    page.set_viewport_size(MOBILE)
    # Chart.js redraws on its resize observer; the page then fits a phone too.
    page.wait_for_function("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=SCREENSHOTS / "console-dashboard-mobile.png", full_page=True)


@pytest.mark.parametrize(
    "path",
    [
        "/admin/catalog/product/{product}/change/",
        "/admin/catalog/product/",
        "/admin/inventory/stocklevel/",
        "/admin/orders/order/",
        "/admin/audit/auditlogentry/",
        "/admin/reviews/productreview/",
        "/admin/returns/returnrequest/",
        "/admin/accounts/user/",
        "/admin/payments/payment/",
        "/admin/audit/auditlogentry/{audit}/change/",
    ],
)
def test_console_pages_fit_1366px(page, path):
    seed_sales()
    log_in(page)
    product = create_product("Wide", price="10.00")
    create_image(product, variant=create_variant(product, "Large, brushed steel"), alt_text="The wide one")

    audit = AuditLogEntry.objects.filter(operation="UPDATE", table_name="orders").latest("id")

    page.goto(path.format(product=product.pk, audit=audit.pk))

    name = path.strip("/").replace("/", "-").replace("{product}", "id").replace("{audit}", "id")
    page.screenshot(path=SCREENSHOTS / f"console-{name}-1366.png", full_page=True)
    assert horizontal_overflow(page) == 0


def test_a_moderator_rejects_a_review_with_a_reason(page):
    product = create_product("Kettle", price="30.00")
    review = submit_review(product=product, user=create_user("ann@example.com"), rating=1, title="Too loud")
    log_in(page)

    page.goto("/admin/reviews/productreview/?moderation=pending")
    page.locator(f'input[name="_selected_action"][value="{review.pk}"]').check()
    page.locator('select[name="action"]').select_option("reject")
    page.get_by_role("button", name="Go").click()
    page.get_by_label("Reason").fill("Mentions a competitor")
    page.screenshot(path=SCREENSHOTS / "console-reject-review-1366.png", full_page=True)
    assert horizontal_overflow(page) == 0
    page.get_by_role("button", name="Reject reviews").click()

    expect(page.get_by_text("Rejected 1 review(s); their authors were told why.")).to_be_visible()
    # The pending queue no longer lists it; the full list shows why it was rejected.
    expect(page.get_by_text("Too loud")).to_have_count(0)
    page.goto("/admin/reviews/productreview/")
    expect(page.get_by_text("Rejected: Mentions a competitor")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "console-reviews-after-reject-1366.png", full_page=True)
