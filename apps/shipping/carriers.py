"""Carriers' tracking webhooks behind one interface: authenticate a call and read its event.

Every carrier signs ``<unix timestamp>.<raw body>`` with HMAC-SHA256 under its own secret
(Carrier.webhook_secret) and sends ``X-Carrier-Signature: t=<timestamp>,v1=<hex digest>``. The
timestamp is inside what is signed, so an old call cannot be re-dated; calls older than
SIGNATURE_TOLERANCE are refused, and the event id (unique per carrier) makes a replay inside the
window a no-op. SimulatedCarrier is the other side: it signs events the way a carrier does, for the
demo and the tests.
"""

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .exceptions import InvalidCarrierEvent, InvalidCarrierSignature
from .models import TrackingStatus

SIGNATURE_HEADER = "X-Carrier-Signature"
SIGNATURE_TOLERANCE = 300  # seconds
# What a carrier may report, in the order a parcel normally goes through them.
EVENT_STATUSES = tuple(TrackingStatus.values)


@dataclass(frozen=True)
class CarrierEvent:
    event_id: str
    tracking_number: str
    status: str
    occurred_at: datetime
    description: str = ""
    location: str = ""


def _digest(secret, timestamp, body):
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


class CarrierWebhook:
    """Reads the calls of one carrier (a shipping.Carrier row with a webhook secret)."""

    def __init__(self, carrier):
        self.carrier = carrier

    def verify(self, *, body, signature, now=None):
        """Raise InvalidCarrierSignature unless `signature` is the carrier's, and recent."""
        parts = dict(part.split("=", 1) for part in (signature or "").split(",") if "=" in part)
        timestamp, given = parts.get("t", ""), parts.get("v1", "")
        if not (self.carrier.webhook_secret and timestamp.isdigit() and given):
            raise InvalidCarrierSignature("The call carries no valid carrier signature.")
        expected = _digest(self.carrier.webhook_secret, timestamp, body)
        if not hmac.compare_digest(expected, given):
            raise InvalidCarrierSignature("The carrier signature does not match.")
        if abs((now or time.time()) - int(timestamp)) > SIGNATURE_TOLERANCE:
            raise InvalidCarrierSignature("The carrier signature has expired.", code="signature_expired")

    def parse(self, *, body, signature, now=None):
        """The CarrierEvent of an authenticated call."""
        self.verify(body=body, signature=signature, now=now)
        try:
            data = json.loads(body)
            event = CarrierEvent(
                event_id=str(data["id"])[:100],
                tracking_number=str(data["tracking_number"]),
                status=data["status"],
                occurred_at=parse_datetime(data["occurred_at"]),
                description=str(data.get("description", ""))[:255],
                location=str(data.get("location", ""))[:120],
            )
        except (ValueError, KeyError, TypeError) as error:
            raise InvalidCarrierEvent(f"The event cannot be read: {error}.") from None
        if event.status not in EVENT_STATUSES:
            raise InvalidCarrierEvent(
                f"Unknown tracking status “{event.status}”.", fields={"status": list(EVENT_STATUSES)}
            )
        if event.occurred_at is None or timezone.is_naive(event.occurred_at) or not event.event_id:
            raise InvalidCarrierEvent(
                "An event needs an id and an ISO time with its zone.", fields={"occurred_at": data["occurred_at"]}
            )
        return event


class SimulatedCarrier(CarrierWebhook):
    """The built-in test carrier: produces the signed calls a real carrier would send."""

    DESCRIPTIONS = {
        "in_transit": ("Parcel in transit", "Sorting centre"),
        "out_for_delivery": ("Out for delivery with the driver", "Local depot"),
        "delivered": ("Delivered", "Front door"),
        "exception": ("Delivery attempt failed: nobody home", "Local depot"),
    }

    def sign(self, body, *, timestamp=None):
        timestamp = int(timestamp or time.time())
        return f"t={timestamp},v1={_digest(self.carrier.webhook_secret, timestamp, body)}"

    def event(self, *, tracking_number, status, event_id=None, occurred_at=None, timestamp=None):
        """(body, signature header) of one tracking event."""
        description, location = self.DESCRIPTIONS[status]
        body = json.dumps(
            {
                "id": event_id or uuid.uuid4().hex,
                "tracking_number": tracking_number,
                "status": status,
                "occurred_at": (occurred_at or timezone.now()).isoformat(),
                "description": description,
                "location": location,
            }
        ).encode()
        return body, self.sign(body, timestamp=timestamp)

    @staticmethod
    def next_status(status):
        """The status a parcel reports after `status` (a shipment's): None once delivered."""
        order = ["pending", *EVENT_STATUSES[:3]]
        if status == "exception":
            return "out_for_delivery"
        position = order.index(status) if status in order else 0
        return order[position + 1] if position + 1 < len(order) else None
