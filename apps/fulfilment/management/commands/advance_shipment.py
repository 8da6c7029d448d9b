"""Move a demo shipment one step along, as its carrier would report it through the webhook."""

from django.core.management.base import BaseCommand, CommandError

from apps.core.exceptions import DomainError
from apps.fulfilment.tracking import advance_simulated_shipment
from apps.orders.selectors import shipment_by_tracking_number
from apps.shipping.models import TrackingStatus


class Command(BaseCommand):
    help = "The simulated carrier reports the next tracking event of a shipment (or --status)."

    def add_arguments(self, parser):
        parser.add_argument("tracking_number")
        parser.add_argument("--status", choices=TrackingStatus.values)

    def handle(self, *args, tracking_number, status=None, **options):
        shipment = shipment_by_tracking_number(tracking_number)
        if shipment is None:
            raise CommandError(f"No shipment has tracking number {tracking_number}.")
        try:
            event = advance_simulated_shipment(shipment, status=status)
        except DomainError as refusal:
            raise CommandError(refusal.message) from None
        shipment.refresh_from_db()
        self.stdout.write(f"{tracking_number}: {event.get_status_display()} → shipment {shipment.get_status_display()}")
