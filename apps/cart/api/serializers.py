from rest_framework import serializers

from apps.catalog.models import Product, ProductVariant


class CartItemInput(serializers.Serializer):
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.sellable())
    variant = serializers.PrimaryKeyRelatedField(
        queryset=ProductVariant.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )
    quantity = serializers.IntegerField(min_value=1, max_value=999, default=1)


class CartItemQuantityInput(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=0, max_value=999, help_text="0 removes the line.")


class CouponInput(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class ShippingQuery(serializers.Serializer):
    country = serializers.RegexField(
        r"^[A-Za-z]{2}$",
        help_text="Two-letter ISO code.",
        error_messages={"invalid": "Use a two-letter ISO country code."},
    )
    state = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)


class CartProductOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    slug = serializers.CharField()


class CartVariantOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class CartLineOutput(serializers.Serializer):
    id = serializers.UUIDField(source="item.id", help_text="The line's id for cart/items/{id}/.")
    product = CartProductOutput()
    variant = CartVariantOutput(allow_null=True)
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Today's price.")
    line_total = serializers.DecimalField(max_digits=12, decimal_places=2)
    available = serializers.IntegerField(allow_null=True, help_text="Units in stock; null: not counted.")
    in_stock = serializers.BooleanField()
    image_url = serializers.CharField(source="image.url", allow_null=True)
    warnings = serializers.ListField(child=serializers.CharField(), help_text="Price changes, stock shortfalls.")


class CartTotalsOutput(serializers.Serializer):
    subtotal = serializers.DecimalField(max_digits=12, decimal_places=2)
    discount = serializers.DecimalField(max_digits=12, decimal_places=2)
    shipping = serializers.DecimalField(max_digits=12, decimal_places=2)
    tax = serializers.DecimalField(max_digits=12, decimal_places=2)
    total = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()


class CartOutput(serializers.Serializer):
    token = serializers.CharField(
        allow_null=True, help_text="A guest's cart token: send it back as the X-Cart-Token header. Null when signed in."
    )
    lines = CartLineOutput(many=True)
    item_count = serializers.IntegerField()
    coupon_code = serializers.CharField(help_text="The coupon that applies now; empty if none.")
    messages = serializers.ListField(
        child=serializers.CharField(), help_text="What changed: removed products, coupon refusals, warnings."
    )
    totals = CartTotalsOutput()


class ShippingQuoteOutput(serializers.Serializer):
    id = serializers.UUIDField(source="method.id")
    name = serializers.CharField(source="method.name")
    carrier = serializers.CharField(source="method.carrier.name", allow_null=True)
    price = serializers.DecimalField(max_digits=12, decimal_places=2)
    estimated_delivery = serializers.DateField()
