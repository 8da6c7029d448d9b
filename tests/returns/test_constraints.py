"""Every constraint of the return tables refuses a row written past Django's validation."""

from decimal import Decimal

import pytest

from apps.returns.models import ReturnItem, ReturnStatusHistory
from tests.model_factories import create_order_item, create_return_request, refused_by, write

pytestmark = pytest.mark.django_db


def return_item(**fields):
    line = create_order_item()
    return ReturnItem.objects.create(
        return_request=create_return_request(line.order), order_item=line, **{"quantity": 1, **fields}
    )


def same_line_twice_in_one_request():
    item = return_item()
    ReturnItem.objects.create(return_request=item.return_request, order_item=item.order_item, quantity=1)


VIOLATIONS = {
    "return_requests_rma_number_key": lambda: (
        create_return_request(rma_number="RMA-1"),
        create_return_request(rma_number="RMA-1"),
    ),
    "return_requests_status_check": lambda: write(create_return_request(), status="lost"),
    "return_requests_refund_positive": lambda: write(create_return_request(), refund_amount=Decimal("0")),
    "return_items_quantity_positive": lambda: write(return_item(), quantity=0),
    "return_items_once_per_request": same_line_twice_in_one_request,
    "return_status_history_status_check": lambda: ReturnStatusHistory.objects.create(
        return_request=create_return_request(), status="lost"
    ),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
