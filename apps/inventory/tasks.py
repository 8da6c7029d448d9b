from celery import shared_task

from . import services


@shared_task(name="inventory.check_low_stock")
def check_low_stock():
    """Alert staff about newly low stock (scheduled by beat; running it twice alerts once)."""
    return len(services.alert_low_stock())
