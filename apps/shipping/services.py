"""Writes of shipping: the tracking events carriers report."""

from django.db import IntegrityError, transaction

from .models import TrackingEvent


def record_tracking_event(*, shipment, carrier, event):
    """Keep a carrier's CarrierEvent about `shipment`; None when the carrier already sent it (a
    replay: its event id is unique per carrier, the database says so even for two at once)."""
    if TrackingEvent.objects.filter(carrier=carrier, event_id=event.event_id).exists():
        return None
    try:
        with transaction.atomic():
            return TrackingEvent.objects.create(
                shipment=shipment,
                carrier=carrier,
                event_id=event.event_id,
                status=event.status,
                description=event.description,
                location=event.location,
                occurred_at=event.occurred_at,
            )
    except IntegrityError:
        return None
