"""Each step of a return tells the customer once: a mail logged in notification_logs and a notification."""

import pytest
from django.core import mail

from apps.notifications.models import DeliveryLog, Notification
from apps.returns.services import approve_return, receive_return, refund_return, reject_return, request_return
from tests.checkout.factories import create_stocked_product
from tests.factories import create_staff, create_user, create_warehouse
from tests.returns.factories import create_delivered_order

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def buyer():
    return create_user(email="ada@example.com", first_name="Ada")


@pytest.fixture
def return_request(buyer):
    order = create_delivered_order(buyer, create_stocked_product(name="Lamp", price="40.00"), 3)
    item = order.items.get()
    mail.outbox.clear()
    Notification.objects.all().delete()
    DeliveryLog.objects.all().delete()
    return request_return(order=order, user=buyer, items=[(item, 2, "Cracked")], reason="Damaged")


def sent():
    return list(DeliveryLog.objects.order_by("created_at").values_list("kind", "recipient", "status", "attempts"))


def test_approve_receive_refund_each_send_one_logged_mail(buyer, return_request):
    staff = create_staff()
    rma = return_request.rma_number

    approve_return(return_request=return_request, user=staff)
    receive_return(return_request=return_request, warehouse=create_warehouse(), user=staff)
    refund_return(return_request=return_request, user=staff)

    assert sent() == [
        ("return_approved", "ada@example.com", "sent", 1),
        ("return_received", "ada@example.com", "sent", 1),
        ("return_refunded", "ada@example.com", "sent", 1),
    ]
    assert [m.subject for m in mail.outbox] == [
        f"Return {rma}: return approved",
        f"Return {rma}: return received",
        f"Return {rma}: return refunded",
    ]
    assert "We refunded 80.00 USD for your return" in mail.outbox[2].body
    assert "Refunded: 80.00 USD" in mail.outbox[2].body
    assert list(Notification.objects.filter(user=buyer).values_list("kind", flat=True).order_by("created_at")) == [
        "return_approved",
        "return_received",
        "return_refunded",
    ]


def test_a_rejection_says_why(return_request):
    reject_return(return_request=return_request, user=create_staff(), reason="Outside the return window")

    assert sent() == [("return_rejected", "ada@example.com", "sent", 1)]
    assert "was not accepted: Outside the return window" in mail.outbox[0].body


def test_a_refused_step_sends_nothing(return_request):
    with pytest.raises(Exception, match="refunded"):
        refund_return(return_request=return_request, user=create_staff())

    assert sent() == []
    assert mail.outbox == []
