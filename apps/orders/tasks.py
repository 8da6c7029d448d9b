from celery import shared_task

from . import services


@shared_task(name="orders.send_order_link")
def send_order_link(order_number, email):
    """The guest lookup's work, off the request: the page answers in the same time whether or not an
    order matches. Safe to run twice (a second mail with a second valid link)."""
    services.send_order_link(order_number=order_number, email=email)
