"""Admin actions call the services: each leaves the service's trace; a refused one changes nothing."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.inventory.models import MovementType, StockLevel, StockMovement
from apps.notifications.models import Notification
from apps.returns.models import ReturnRequest
from apps.returns.services import approve_return, receive_return, request_return
from apps.reviews.models import ProductReview
from apps.reviews.services import submit_review
from tests.checkout.factories import create_stocked_product
from tests.factories import create_product, create_stock, create_user, create_warehouse
from tests.returns.factories import create_delivered_order

pytestmark = pytest.mark.django_db

REVIEWS = reverse("admin:reviews_productreview_changelist")
RETURNS = reverse("admin:returns_returnrequest_changelist")
STOCK = reverse("admin:inventory_stocklevel_changelist")


def run(client, url, action, rows, **form):
    """Post an action as the changelist does; with form data, post its form as the action page does."""
    data = {"action": action, "_selected_action": [str(row.pk) for row in rows]}
    if form:
        data |= {"apply": "1", **form}
    else:
        data["index"] = "0"
    return client.post(url, data)


def shown(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Reviews -----------------------------------------------------------------------------------------


def review(rating=4, **user):
    return submit_review(product=create_product("Kettle"), user=create_user(**user), rating=rating, title="Boils")


def test_approving_reviews_in_bulk_publishes_them_and_tells_their_authors(as_role):
    client = as_role("Catalog manager")
    first, second = review(email="ann@example.com"), review(email="bob@example.com")

    response = run(client, REVIEWS, "approve", [first, second])

    assert shown(response) == ["Approved 2 review(s); their authors were told."]
    assert list(ProductReview.objects.order_by("user__email").values_list("is_approved", "moderated_by")) == [
        (True, client.user.pk),
        (True, client.user.pk),
    ]
    assert sorted(Notification.objects.filter(kind="review_approved").values_list("user__email", "title")) == [
        ("ann@example.com", "Your review of Kettle is published"),
        ("bob@example.com", "Your review of Kettle is published"),
    ]


def test_rejecting_asks_for_a_reason_then_hides_the_review_and_tells_the_author_why(as_role):
    client = as_role("Catalog manager")
    pending = review(email="ann@example.com")

    form_page = run(client, REVIEWS, "reject", [pending])
    response = run(client, REVIEWS, "reject", [pending], reason="Mentions a competitor's price")

    assert form_page.status_code == 200 and b'name="reason"' in form_page.content
    assert shown(response) == ["Rejected 1 review(s); their authors were told why."]
    pending.refresh_from_db()
    assert (pending.is_approved, pending.moderation_note) == (False, "Mentions a competitor's price")
    assert pending.moderated_at is not None
    note = Notification.objects.get(kind="review_rejected")
    assert note.body == "Our moderators did not publish your review of Kettle: Mentions a competitor's price"


def test_a_reject_without_a_reason_shows_the_form_again_and_changes_nothing(as_role):
    pending = review()

    response = run(as_role("Catalog manager"), REVIEWS, "reject", [pending], reason="  ")

    assert response.status_code == 200
    assert b"This field is required." in response.content
    assert ProductReview.objects.get(pk=pending.pk).moderated_at is None


def test_one_already_approved_review_refuses_the_whole_bulk_approval(as_role):
    client = as_role("Catalog manager")
    done, waiting = review(), review()
    run(client, REVIEWS, "approve", [done])

    response = run(client, REVIEWS, "approve", [done, waiting])

    assert shown(response)[-1] == "The review “4★ Boils” of “Kettle” is already approved."
    assert ProductReview.objects.get(pk=waiting.pk).moderated_at is None
    assert Notification.objects.filter(kind="review_approved").count() == 1


def test_the_queue_lists_pending_reviews_first(as_role):
    client = as_role("Catalog manager")
    older = review(rating=5)
    run(client, REVIEWS, "approve", [older])
    newer = review(rating=2)

    response = client.get(REVIEWS)

    assert [row.pk for row in response.context["cl"].result_list] == [newer.pk, older.pk]


# Returns -----------------------------------------------------------------------------------------


@pytest.fixture
def rma():
    """A request to return 2 of 3 lamps (40.00 each) of a delivered, paid order."""
    buyer = create_user(email="ada@example.com")
    order = create_delivered_order(buyer, create_stocked_product(name="Lamp", price="40.00"), 3)
    item = order.items.get()
    return request_return(order=order, user=buyer, items=[(item, 2, "Cracked")], reason="Damaged")


def test_approve_and_reject_returns_from_the_list(as_role, rma):
    client = as_role("Order manager")
    buyer = rma.user
    other = request_return(
        order=rma.order, user=buyer, items=[(rma.order.items.get(), 1, "Wrong colour")], reason="Changed my mind"
    )

    run(client, RETURNS, "approve", [rma])
    run(client, RETURNS, "reject", [other], reason="Outside the policy for opened goods")

    assert ReturnRequest.objects.get(pk=rma.pk).status == "approved"
    other.refresh_from_db()
    assert (other.status, other.staff_notes) == ("rejected", "Outside the policy for opened goods")
    assert list(other.status_history.values_list("status", "created_by")) == [
        ("requested", buyer.pk),
        ("rejected", client.user.pk),
    ]


def lamp_stock(warehouse):
    return StockLevel.objects.get(warehouse=warehouse, product__name="Lamp").quantity_on_hand


@pytest.mark.parametrize(("choice", "restocked"), [("yes", 2), ("no", 0)])
def test_receiving_a_return_restocks_or_writes_off_the_goods(as_role, rma, choice, restocked):
    client = as_role("Order manager")
    approve_return(return_request=rma, user=client.user)
    dock = create_warehouse("DOCK")

    response = run(client, RETURNS, "receive", [rma], warehouse=str(dock.pk), restock=choice)

    assert shown(response) == ["Received the goods of 1 return(s)."]
    assert ReturnRequest.objects.get(pk=rma.pk).status == "received"
    assert rma.order.items.get().quantity_returned == 2
    ledger = StockMovement.objects.filter(warehouse=dock, movement_type=MovementType.RETURN)
    assert sum(ledger.values_list("on_hand_delta", flat=True)) == restocked
    assert StockLevel.objects.filter(warehouse=dock, quantity_on_hand=restocked).count() == (1 if restocked else 0)


def test_refunding_a_received_return_pays_back_its_value(as_role, rma):
    client = as_role("Order manager")
    approve_return(return_request=rma, user=client.user)
    receive_return(return_request=rma, warehouse=create_warehouse(), user=client.user)

    response = run(client, RETURNS, "refund", [rma])

    assert shown(response) == ["Refunded 1 return(s)."]
    rma.refresh_from_db()
    assert (rma.status, rma.refund_amount, rma.refund.amount, rma.refund.created_by) == (
        "refunded", Decimal("80.00"), Decimal("80.00"), client.user,
    )  # fmt: skip


def test_refunding_a_return_not_yet_received_shows_why_and_changes_nothing(as_role, rma):
    response = run(as_role("Order manager"), RETURNS, "refund", [rma])

    assert len(shown(response)) == 1 and "refunded" in shown(response)[0].lower()
    rma.refresh_from_db()
    assert (rma.status, rma.refund_id, rma.order.payments.get().amount_refunded) == (
        "requested", None, Decimal("0.00"),
    )  # fmt: skip


# Stock -------------------------------------------------------------------------------------------


@pytest.fixture
def level():
    product = create_product("Mug")
    return create_stock(product, warehouse=create_warehouse("EAST"), on_hand=10, quantity_reserved=4)


def test_receiving_stock_adds_units_and_a_receipt_to_the_ledger(as_role, level):
    client = as_role("Inventory clerk")

    response = run(client, STOCK, "receive", [level], quantity="6", reference="PO-77")

    assert shown(response) == ["Received stock on 1 row(s)."]
    level.refresh_from_db()
    assert level.quantity_on_hand == 16
    movement = StockMovement.objects.get(movement_type=MovementType.RECEIPT)
    assert (movement.on_hand_delta, movement.reference, movement.created_by) == (6, "PO-77", client.user)


def test_an_adjustment_below_what_orders_hold_is_refused_and_changes_nothing(as_role, level):
    response = run(as_role("Inventory clerk"), STOCK, "adjust", [level], delta="-7", reason="Count")

    assert shown(response) == ["Cannot remove 7 of “Mug” at EAST: 10 on hand, 4 reserved for orders."]
    level.refresh_from_db()
    assert level.quantity_on_hand == 10
    assert not StockMovement.objects.filter(movement_type=MovementType.ADJUSTMENT).exists()


def test_an_adjustment_with_a_reason_is_in_the_ledger(as_role, level):
    run(as_role("Inventory clerk"), STOCK, "adjust", [level], delta="-2", reason="Two broken in the aisle")

    level.refresh_from_db()
    assert level.quantity_on_hand == 8
    assert StockMovement.objects.get(movement_type=MovementType.ADJUSTMENT).reason == "Two broken in the aisle"


def test_a_transfer_moves_available_units_and_refuses_more(as_role, level):
    client = as_role("Inventory clerk")
    west = create_warehouse("WEST")

    refused = run(client, STOCK, "transfer", [level], destination=str(west.pk), quantity="7")
    moved = run(client, STOCK, "transfer", [level], destination=str(west.pk), quantity="5")

    assert shown(refused) == ["Cannot move 7 of “Mug” from EAST: only 6 available there."]
    assert shown(moved)[-1] == "Transferred stock from 1 row(s)."
    assert dict(StockLevel.objects.values_list("warehouse__code", "quantity_on_hand")) == {"EAST": 5, "WEST": 5}
