from celery import shared_task

from . import services


@shared_task(name="wishlist.send_alerts")
def send_wishlist_alerts():
    """Alert shoppers whose saved products came back in stock or got cheaper (scheduled by beat;
    running it twice alerts once)."""
    return services.send_wishlist_alerts()
