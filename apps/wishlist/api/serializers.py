from rest_framework import serializers

from apps.catalog.models import Product, ProductVariant
from apps.wishlist.models import WishlistItem


class WishlistInput(serializers.Serializer):
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.sellable())
    variant = serializers.PrimaryKeyRelatedField(
        queryset=ProductVariant.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )


class WishlistRemoveQuery(serializers.Serializer):
    variant = serializers.UUIDField(required=False, default=None, help_text="The saved variant, if one was saved.")


class WishlistProductOutput(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "name", "slug", "price", "currency", "stock_quantity"]
        read_only_fields = fields


class WishlistVariantOutput(serializers.ModelSerializer):
    class Meta:
        model = ProductVariant
        fields = ["id", "name", "price", "stock_quantity"]
        read_only_fields = fields


class WishlistItemOutput(serializers.ModelSerializer):
    product = WishlistProductOutput()
    variant = WishlistVariantOutput(allow_null=True)
    primary_image_url = serializers.CharField(allow_null=True)

    class Meta:
        model = WishlistItem
        fields = ["id", "product", "variant", "primary_image_url", "created_at"]
        read_only_fields = fields
