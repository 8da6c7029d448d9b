"""Carriers' tracking events: a signed webhook call becomes a tracking event, the shipment follows
its latest event, and when every parcel of a shipped order is delivered the order is delivered
(through services.deliver, the one place an order becomes delivered)."""

from apps.core.db import retry_on_conflict
from apps.orders.models import Order, OrderShipment, OrderStatus
from apps.orders.services import follow_tracking
from apps.shipping.carriers import CarrierWebhook, SimulatedCarrier
from apps.shipping.exceptions import InvalidCarrierEvent, UnknownCarrier, UnknownShipment
from apps.shipping.models import Carrier
from apps.shipping.services import record_tracking_event

from .services import deliver


def _carrier(code):
    carrier = Carrier.objects.filter(code=code, is_active=True).exclude(webhook_secret="").first()
    if carrier is None:
        raise UnknownCarrier(f"No carrier “{code}” sends tracking events here.", fields={"carrier": code})
    return carrier


@retry_on_conflict()
def receive_tracking_call(*, carrier_code, body, signature):
    """Take one webhook call of carrier `carrier_code`: raw `body` and its signature header.
    Returns the new TrackingEvent, or None for a replay. Refused (and nothing changed): an unknown
    carrier, a bad or old signature, an unreadable event, a tracking number the carrier never had."""
    carrier = _carrier(carrier_code)
    event = CarrierWebhook(carrier).parse(body=body, signature=signature)
    shipment = OrderShipment.objects.filter(shipping_carrier=carrier, tracking_number=event.tracking_number).first()
    if shipment is None:
        raise UnknownShipment(
            f"{carrier.name} has no shipment {event.tracking_number} with us.",
            fields={"tracking_number": event.tracking_number},
        )
    # The order's row first, as every order operation locks it: one parcel's news at a time.
    order = Order.objects.select_for_update().get(pk=shipment.order_id)
    tracking_event = record_tracking_event(shipment=shipment, carrier=carrier, event=event)
    if tracking_event is None:
        return None
    follow_tracking(shipment)
    everything_delivered = not order.shipments.exclude(status=OrderShipment.Status.DELIVERED).exists()
    if order.status == OrderStatus.SHIPPED and everything_delivered:
        deliver(order=order, notes=f"Delivered, reported by {carrier.name}")
    return tracking_event


def advance_simulated_shipment(shipment, *, status=None):
    """Demo and tests: the shipment's carrier, played by SimulatedCarrier, reports the next step
    (or `status`) through the same signed path as a real webhook call. Returns the TrackingEvent."""
    status = status or SimulatedCarrier.next_status(shipment.status)
    if status is None:
        raise InvalidCarrierEvent(f"Shipment {shipment.tracking_number} is already delivered.")
    carrier = shipment.shipping_carrier
    if carrier is None or not carrier.webhook_secret:
        raise UnknownCarrier(f"Carrier {shipment.carrier} has no webhook secret to sign with.")
    body, signature = SimulatedCarrier(carrier).event(tracking_number=shipment.tracking_number, status=status)
    return receive_tracking_call(carrier_code=carrier.code, body=body, signature=signature)
