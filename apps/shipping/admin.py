from django.contrib import admin

from apps.core.admin import TIMESTAMPS, ReadOnlyAdmin
from apps.shipping.models import Carrier, ShippingMethod, ShippingRate, ShippingZone, TrackingEvent


@admin.register(Carrier)
class CarrierAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "code")
    readonly_fields = TIMESTAMPS


class ShippingMethodInline(admin.TabularInline):
    model = ShippingMethod
    extra = 0
    fields = ("name", "carrier", "price", "free_above", "estimated_days", "sort_order", "is_active")
    show_change_link = True


@admin.register(ShippingZone)
class ShippingZoneAdmin(admin.ModelAdmin):
    list_display = ("name", "countries", "states", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    readonly_fields = TIMESTAMPS
    inlines = [ShippingMethodInline]


class ShippingRateInline(admin.TabularInline):
    model = ShippingRate
    extra = 0


@admin.register(ShippingMethod)
class ShippingMethodAdmin(admin.ModelAdmin):
    list_display = ("name", "zone", "carrier", "price", "free_above", "estimated_days", "is_active")
    list_filter = ("is_active", "zone", "carrier")
    search_fields = ("name", "zone__name")
    list_select_related = ("zone", "carrier")
    autocomplete_fields = ("zone", "carrier")
    readonly_fields = TIMESTAMPS
    inlines = [ShippingRateInline]


@admin.register(ShippingRate)
class ShippingRateAdmin(admin.ModelAdmin):
    list_display = ("method", "min_subtotal", "price")
    search_fields = ("method__name",)
    list_select_related = ("method__zone",)
    autocomplete_fields = ("method",)
    readonly_fields = TIMESTAMPS


@admin.register(TrackingEvent)
class TrackingEventAdmin(ReadOnlyAdmin):
    list_display = ("shipment", "status", "location", "occurred_at")
    list_filter = ("status",)
    search_fields = ("shipment__tracking_number", "shipment__order__order_number")
    list_select_related = ("shipment",)
