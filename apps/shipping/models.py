from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q

from apps.core.fields import MoneyField
from apps.core.models import BaseModel


class Carrier(BaseModel):
    code = models.CharField(max_length=30)
    name = models.CharField(max_length=120)
    tracking_url_template = models.CharField(
        max_length=300, blank=True, default="", db_comment="URL with {tracking_number} in it"
    )
    is_active = models.BooleanField(default=True, db_default=True)
    webhook_secret = models.CharField(
        max_length=128, blank=True, default="", db_default="", db_comment="HMAC key of its tracking webhook"
    )

    class Meta:
        db_table = "carriers"
        db_table_comment = "Shipping carriers"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["code"], name="carriers_code_key")]

    def __str__(self):
        return self.name


class ShippingZone(BaseModel):
    """A region by countries and, optionally, states; an empty states list means the whole country."""

    name = models.CharField(max_length=120)
    countries = ArrayField(models.CharField(max_length=2), default=list, db_comment="ISO country codes")
    states = ArrayField(
        models.CharField(max_length=100), default=list, blank=True, db_comment="State codes; empty: all"
    )
    is_active = models.BooleanField(default=True, db_default=True)

    class Meta:
        db_table = "shipping_zones"
        db_table_comment = "Geographic regions shipping methods serve"
        ordering = ["name"]
        indexes = [GinIndex(fields=["countries"], name="idx_shipping_zones_countries")]

    def __str__(self):
        return self.name


class ShippingMethod(BaseModel):
    zone = models.ForeignKey(ShippingZone, on_delete=models.CASCADE, related_name="methods")
    carrier = models.ForeignKey(Carrier, on_delete=models.SET_NULL, null=True, blank=True, related_name="methods")
    name = models.CharField(max_length=120)
    price = MoneyField()
    free_above = MoneyField(null=True, blank=True, db_comment="Subtotal from which shipping is free")
    estimated_days = models.PositiveIntegerField(db_comment="Business days to deliver")
    is_active = models.BooleanField(default=True, db_default=True)
    sort_order = models.IntegerField(default=0, db_default=0)

    class Meta:
        db_table = "shipping_methods"
        db_table_comment = "Shipping options per zone, with price and delivery estimate"
        ordering = ["sort_order", "price"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gte=0), name="shipping_methods_price_non_negative"),
            models.CheckConstraint(
                condition=Q(free_above__isnull=True) | Q(free_above__gte=0),
                name="shipping_methods_free_above_non_negative",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.zone})" if self.zone_id else self.name


class ShippingRate(BaseModel):
    """A price tier of a method: from this subtotal up, shipping costs this much."""

    method = models.ForeignKey(ShippingMethod, on_delete=models.CASCADE, related_name="rates")
    min_subtotal = MoneyField()
    price = MoneyField()

    class Meta:
        db_table = "shipping_rates"
        db_table_comment = "Subtotal-based price tiers of shipping methods"
        ordering = ["min_subtotal"]
        constraints = [
            models.UniqueConstraint(fields=["method", "min_subtotal"], name="shipping_rates_tier_key"),
            models.CheckConstraint(
                condition=Q(min_subtotal__gte=0) & Q(price__gte=0), name="shipping_rates_non_negative"
            ),
        ]

    def __str__(self):
        return f"from {self.min_subtotal}: {self.price}"


class TrackingStatus(models.TextChoices):
    """What a carrier reports; the shipment takes the status of its latest event."""

    IN_TRANSIT = "in_transit", "In transit"
    OUT_FOR_DELIVERY = "out_for_delivery", "Out for delivery"
    DELIVERED = "delivered", "Delivered"
    EXCEPTION = "exception", "Delivery problem"


class TrackingEvent(BaseModel):
    """A scan or status report of a shipment from its carrier."""

    shipment = models.ForeignKey("orders.OrderShipment", on_delete=models.CASCADE, related_name="tracking_events")
    carrier = models.ForeignKey(Carrier, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    event_id = models.CharField(
        max_length=100, blank=True, default="", db_default="", db_comment="The carrier's id: a replay has the same"
    )
    status = models.CharField(max_length=30, choices=TrackingStatus.choices)
    description = models.CharField(max_length=255, blank=True, default="")
    location = models.CharField(max_length=120, blank=True, default="")
    occurred_at = models.DateTimeField()

    class Meta:
        db_table = "shipment_tracking_events"
        db_table_comment = "Tracking history of shipments"
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["shipment", "occurred_at"], name="idx_tracking_events_shipment")]
        constraints = [
            models.UniqueConstraint(
                fields=["carrier", "event_id"],
                condition=~Q(event_id=""),
                name="shipment_tracking_events_carrier_event_key",
            ),
        ]

    def __str__(self):
        return f"{self.status} at {self.occurred_at:%Y-%m-%d %H:%M}"
