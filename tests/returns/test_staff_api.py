# Fixtures come from tests.staff_api (imported below), so pytest passes them in as arguments.
# ruff: noqa: F811

import uuid

import pytest

from apps.inventory.models import StockLevel
from apps.returns.models import ReturnStatus
from apps.returns.services import request_return
from tests.checkout.factories import create_stocked_product
from tests.factories import create_user
from tests.returns.factories import create_delivered_order
from tests.staff_api import V1, anonymous_api, assert_staff_only, shopper_api, staff, staff_api  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def return_request():
    """One of two 25.00 mugs of a delivered order, asked back."""
    buyer = create_user()
    order = create_delivered_order(buyer, create_stocked_product(on_hand=10, price="25.00"), 2)
    return request_return(order=order, user=buyer, items=[(order.items.get(), 1, "Cracked")], reason="Damaged")


def url(return_request, step):
    return f"{V1}/returns/{return_request.pk}/{step}/"


@pytest.mark.parametrize("step", ["approve", "reject", "receive", "refund"])
def test_return_steps_are_for_staff_only(anonymous_api, shopper_api, return_request, step):
    assert_staff_only(anonymous_api, shopper_api, "post", url(return_request, step))


def test_staff_take_a_return_all_the_way_to_the_refund(staff_api, return_request):
    warehouse = StockLevel.objects.get(product=return_request.order.items.get().product).warehouse
    assert staff_api.post(url(return_request, "approve"), {}).json()["status"] == "approved"
    received = staff_api.post(url(return_request, "receive"), {"warehouse": str(warehouse.pk)})
    assert received.json()["status"] == "received"
    assert StockLevel.objects.get(warehouse=warehouse).quantity_on_hand == 9
    refunded = staff_api.post(url(return_request, "refund"))
    assert refunded.status_code == 200
    assert (refunded.json()["status"], refunded.json()["refund_amount"]) == ("refunded", "25.00")


def test_a_rejection_needs_a_reason(staff_api, return_request):
    response = staff_api.post(url(return_request, "reject"), {})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"reason": ["This field is required."]}


def test_a_step_out_of_order_answers_409_and_changes_nothing(staff_api, return_request):
    response = staff_api.post(url(return_request, "refund"))
    assert response.status_code == 409
    assert response.json()["error"]["message"] == (
        f"Return {return_request.rma_number} is requested; it cannot become refunded."
    )
    return_request.refresh_from_db()
    assert return_request.status == ReturnStatus.REQUESTED


def test_receiving_needs_a_known_warehouse(staff_api, return_request):
    staff_api.post(url(return_request, "approve"))
    missing = uuid.uuid4()
    response = staff_api.post(url(return_request, "receive"), {"warehouse": str(missing)})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"warehouse": [f'Invalid pk "{missing}" - object does not exist.']}


def test_an_unknown_return_answers_404(staff_api):
    assert staff_api.post(f"{V1}/returns/{uuid.uuid4()}/approve/").status_code == 404
