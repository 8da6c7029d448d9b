"""The admin is the operations console: every table is in it, and its lists cost the same at any size."""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import EmailVerificationToken, PasswordReset, SecurityEvent, User, UserPreference, UserSession
from apps.analytics.services import refresh_all  # noqa: E402
from apps.cart.models import CartItem, TaxRate
from apps.catalog.models import Product
from apps.core.models import Heartbeat, OutboxTask
from apps.inventory.models import MovementType, StockMovement, StockReservation, Supplier, Transfer
from apps.invoicing.models import DocumentCounter
from apps.invoicing.services import issue_credit_note, issue_invoice
from apps.notifications.models import DeliveryLog, EmailTemplate, Notification, NotificationPreference
from apps.ops.models import Backup, HealthCheck, MaintenanceReport, RestoreDrill
from apps.orders.models import (
    Order,
    OrderAddress,
    OrderNote,
    OrderShipment,
    OrderShipmentItem,
    OrderStatusHistory,
)
from apps.payments.models import PaymentMethod, PaymentTransaction
from apps.planning.models import (
    DemandDay,
    ForecastRun,
    ItemCost,
    ItemForecast,
    PlanningPolicy,
    PurchaseOrder,
    PurchaseOrderLine,
    PurchaseOrderStatusChange,
    ReorderSuggestion,
    SupplierProduct,
)
from apps.promotions.models import CouponUsage, Promotion, PromotionRule, PromotionUsage
from apps.returns.models import ReturnItem, ReturnStatusHistory
from apps.reviews.models import ProductReview, ReviewHelpfulVote
from apps.shipping.models import Carrier, ShippingRate, TrackingEvent
from apps.wishlist.models import WishlistItem
from tests.factories import (
    create_address,
    create_brand,
    create_category,
    create_coupon,
    create_image,
    create_product,
    create_shipping_method,
    create_stock,
    create_user,
    create_variant,
    create_warehouse,
)
from tests.model_factories import (
    create_cart,
    create_cart_item,
    create_order,
    create_order_item,
    create_payment,
    create_refund,
    create_return_request,
)

pytestmark = pytest.mark.django_db

SHOPFLOW_MODELS = [
    model for config in apps.get_app_configs() if config.name.startswith("apps.") for model in config.get_models()
]
# A changelist costs its session, its user, a count or two, the page and one query per related-object
# filter, and the audit middleware setting and clearing the actor; the ceiling whatever the number of rows.
MAX_CHANGELIST_QUERIES = 12

_seq = itertools.count(1)


def one_row_in_every_table():
    """A customer who bought, paid, returned and reviewed, and the catalog, stock and setup around it."""
    n = next(_seq)
    now = timezone.now()
    customer = create_user(first_name="Ada")
    create_address(customer, is_default=True)
    UserSession.objects.create(user=customer, refresh_token_hash=f"{n:064d}", expires_at=now + timedelta(days=30))
    PasswordReset.objects.create(user=customer, token_hash=f"r{n:063d}", expires_at=now)
    EmailVerificationToken.objects.create(user=customer, token_hash=f"v{n:063d}", expires_at=now, email=customer.email)
    SecurityEvent.objects.create(user=customer, kind=SecurityEvent.Kind.LOGIN, email=customer.email)
    OutboxTask.objects.create(task_name="checkout.send_order_confirmation", args=[str(customer.pk)])
    Heartbeat.objects.create(name=f"queue:q{n}", beat_at=now, source=f"q{n}@host")
    UserPreference.objects.create(user=customer)

    product = create_product(category=create_category(parent=create_category()), brand=create_brand())
    variant = create_variant(product)
    create_image(product, variant=variant, is_primary=True)
    stock = create_stock(product, variant=variant, on_hand=10)
    supplier = Supplier.objects.create(name=f"Supplier {n}")
    StockMovement.objects.create(
        warehouse=stock.warehouse,
        product=product,
        variant=variant,
        movement_type=MovementType.RECEIPT,
        quantity=10,
        on_hand_delta=10,
        reserved_delta=0,
        supplier=supplier,
    )

    coupon = create_coupon()
    promotion = Promotion.objects.create(name=f"Sale {n}", discount_type="percentage", discount_value=Decimal("5"))
    PromotionRule.objects.create(promotion=promotion, rule_type="min_subtotal", value="10")
    method = create_shipping_method(carrier=Carrier.objects.create(code=f"c{n}", name=f"Carrier {n}"))
    ShippingRate.objects.create(method=method, min_subtotal=Decimal("50"), price=Decimal("0"))
    TaxRate.objects.create(country_code="US", state=f"S{n}", rate=Decimal("0.05"))

    create_cart_item(create_cart(customer, coupon=coupon), product, variant=variant)
    WishlistItem.objects.create(user=customer, product=product, variant=variant)
    review = ProductReview.objects.create(
        product=product, user=customer, rating=5, title="Lovely", moderated_by=customer
    )
    ReviewHelpfulVote.objects.create(review=review, user=customer)

    order = create_order(customer, shipping_method=method, status="delivered", placed_at=now - timedelta(days=40 * n))
    line = create_order_item(order, product, variant=variant)
    OrderAddress.objects.create(
        order=order, address_type="shipping", first_name="Ada", last_name="L", address_line_1="1 Row",
        city="Springfield", postal_code="62701", country_code="US",
    )  # fmt: skip
    shipment = OrderShipment.objects.create(order=order, carrier="UPS", tracking_number=f"1Z{n}")
    OrderShipmentItem.objects.create(shipment=shipment, order_item=line, quantity=1)
    TrackingEvent.objects.create(shipment=shipment, status="in_transit", occurred_at=now)
    OrderStatusHistory.objects.create(order=order, status="confirmed", previous_status="pending", created_by=customer)
    OrderNote.objects.create(order=order, author=customer, body="Leave at the door")
    StockReservation.objects.create(order=order, stock_level=stock, quantity=1)
    CouponUsage.objects.create(coupon=coupon, order=order, user=customer, discount_amount=Decimal("1"))
    PromotionUsage.objects.create(promotion=promotion, order=order, discount_amount=Decimal("1"))

    payment = create_payment(order, amount_captured=Decimal("20.00"))
    refund = create_refund(payment, created_by=customer)
    PaymentTransaction.objects.create(payment=payment, kind="capture", amount=Decimal("20"), succeeded=True)
    PaymentMethod.objects.create(
        user=customer, token=b"tok", card_brand="visa", card_last_four="4242", exp_month=1, exp_year=2030
    )
    rma = create_return_request(order, user=customer, refund=refund, restock_warehouse=stock.warehouse)
    ReturnItem.objects.create(return_request=rma, order_item=line, quantity=1)
    ReturnStatusHistory.objects.create(return_request=rma, status="requested", created_by=customer)
    issue_invoice(order=order)
    issue_credit_note(refund=refund)
    DocumentCounter.objects.get_or_create(kind="invoice", year=1990 + n)  # a counter row besides this year's

    EmailTemplate.objects.create(key=f"template_{n}", subject="Hello", body_text="Hi")
    notification = Notification.objects.create(user=customer, kind="order_shipped", title="Shipped")
    NotificationPreference.objects.create(user=customer, kind="order_shipped", channel="email")
    DeliveryLog.objects.create(notification=notification, channel="email", recipient=customer.email)
    backup = Backup.objects.create(started_at=now, created_by=customer, row_counts={"orders": 1})
    RestoreDrill.objects.create(
        backup=backup, scratch_database=f"drill_{n}", started_at=now, rto_seconds=14400, requested_by=customer
    )
    HealthCheck.objects.create(state="ok", metrics=[{"label": "Disk usage", "value": 1.0, "unit": "%", "state": "ok"}])
    MaintenanceReport.objects.create(kind="bloat_index_usage", summary="fine", data={"tables": [{"table": "orders"}]})
    one_planning_row_each(product, variant, stock, supplier, customer, n)
    # The dashboards' views read all of the above.
    refresh_all()


def one_planning_row_each(product, variant, stock, supplier, customer, n):
    """Demand, a forecast and its suggestion, supplier terms, a purchase order and a transfer."""
    item = {"product": product, "variant": variant}
    PlanningPolicy.objects.create(category=product.category, service_level=Decimal("0.9"))
    DemandDay.objects.create(**item, warehouse=stock.warehouse, day=timezone.now().date(), units=2, orders=1)
    run = ForecastRun.objects.create(history_until=timezone.now().date(), status="succeeded", error={"seasonal": 0.8})
    forecast = ItemForecast.objects.create(
        run=run, **item, warehouse=stock.warehouse, method="seasonal", first_week=timezone.now().date(),
        weekly=[2.0] * 12, sigma=1.0,
    )  # fmt: skip
    link = SupplierProduct.objects.create(supplier=supplier, **item, cost=Decimal("3.00"))
    ReorderSuggestion.objects.create(
        stock_level=stock, forecast=forecast, supplier_product=link, lead_time_days=7, service_level=Decimal("0.9"),
        target_cover_days=28, daily_demand=0.3, lead_time_demand=2, safety_stock=2, reorder_point=4, available=10,
        order_quantity=0, days_of_cover=33.3,
    )  # fmt: skip
    order = PurchaseOrder.objects.create(number=f"PO-T{n:05d}", supplier=supplier, warehouse=stock.warehouse)
    PurchaseOrderLine.objects.create(purchase_order=order, **item, quantity_ordered=5, unit_cost=Decimal("3.00"))
    PurchaseOrderStatusChange.objects.create(purchase_order=order, status="draft", user=customer)
    ItemCost.objects.create(**item, average_cost=Decimal("3.0000"))
    Transfer.objects.create(
        reference=f"TR-T{n:05d}", **item, source=stock.warehouse, destination=create_warehouse(), quantity=1
    )


def model_id(model):
    return f"{model._meta.app_label}.{model.__name__}"


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def test_every_model_of_every_app_is_in_the_admin():
    assert [model_id(model) for model in SHOPFLOW_MODELS if not admin.site.is_registered(model)] == []


def test_every_table_gets_a_row_from_the_admin_tests_data():
    one_row_in_every_table()

    assert [model_id(model) for model in SHOPFLOW_MODELS if not model._base_manager.exists()] == []


@pytest.mark.parametrize("model", SHOPFLOW_MODELS, ids=model_id)
def test_a_changelist_renders_with_as_many_queries_for_three_rows_as_for_one(
    admin_client, django_assert_max_num_queries, model
):
    one_row_in_every_table()
    with CaptureQueriesContext(connection) as one_row:
        first = admin_client.get(changelist(model))
    one_row_in_every_table()
    one_row_in_every_table()

    with django_assert_max_num_queries(MAX_CHANGELIST_QUERIES) as three_rows:
        response = admin_client.get(changelist(model))

    assert (first.status_code, response.status_code) == (200, 200)
    assert response.context["cl"].result_count > first.context["cl"].result_count
    assert len(three_rows) == len(one_row)


@pytest.mark.parametrize("model", SHOPFLOW_MODELS, ids=model_id)
def test_a_rows_page_with_its_inlines_renders(admin_client, model):
    one_row_in_every_table()
    row = model._base_manager.first()

    response = admin_client.get(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row.pk])
    )

    assert response.status_code == 200


def test_deleting_a_product_in_the_admin_soft_deletes_it_and_empties_the_carts(admin_client):
    product = create_product(name="Old mug")
    create_cart_item(product=product)
    url = reverse("admin:catalog_product_delete", args=[product.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert Product.all_objects.get(pk=product.pk).is_deleted
    assert CartItem.objects.count() == 0


def test_deleting_users_with_the_admin_action_closes_their_accounts_and_keeps_their_orders(admin_client):
    customer = create_user()
    order = create_order(customer)

    response = admin_client.post(
        changelist(User), {"action": "delete_selected", "_selected_action": [customer.pk], "post": "yes"}
    )

    assert response.status_code == 302
    assert User.all_objects.get(pk=customer.pk).is_deleted
    assert Order.objects.get(pk=order.pk).user_id == customer.pk


def test_an_order_cannot_be_edited_in_the_admin(admin_client):
    order = create_order(subtotal="20.00")

    response = admin_client.post(
        reverse("admin:orders_order_change", args=[order.pk]), {"status": "delivered", "total": "0.00"}
    )

    assert response.status_code == 403
    assert Order.objects.get(pk=order.pk).status == "pending"
