from celery import shared_task

from .emails import send_order_confirmation_email


@shared_task(name="checkout.send_order_confirmation")
def send_order_confirmation(order_id):
    """Mail the customer their order confirmation; scheduled once the order's transaction commits."""
    send_order_confirmation_email(order_id=order_id)
