from rest_framework import serializers

from apps.catalog.models import Brand, Category, Product, ProductImage, ProductVariant


class CategoryNodeOutput(serializers.Serializer):
    id = serializers.UUIDField(source="category.id")
    name = serializers.CharField(source="category.name")
    slug = serializers.CharField(source="category.slug")
    description = serializers.CharField(source="category.description")
    product_count = serializers.IntegerField(help_text="Sellable products here and in every subcategory.")


# The tree nests itself: children are category nodes too.
CategoryNodeOutput._declared_fields["children"] = CategoryNodeOutput(many=True)


class CategoryRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug"]
        read_only_fields = fields


class BrandOutput(serializers.ModelSerializer):
    class Meta:
        model = Brand
        fields = ["id", "name", "slug", "logo_url", "description"]
        read_only_fields = fields


class BrandRefOutput(serializers.ModelSerializer):
    class Meta:
        model = Brand
        fields = ["id", "name", "slug"]
        read_only_fields = fields


class ProductListOutput(serializers.ModelSerializer):
    category = CategoryRefOutput(allow_null=True)
    brand = BrandRefOutput(allow_null=True)
    primary_image_url = serializers.CharField(allow_null=True)
    rating = serializers.DecimalField(
        source="rating_avg", max_digits=3, decimal_places=2, allow_null=True, help_text="Mean approved rating."
    )

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "slug",
            "price",
            "compare_at_price",
            "currency",
            "stock_quantity",
            "track_inventory",
            "primary_image_url",
            "rating",
            "review_count",
            "category",
            "brand",
        ]
        read_only_fields = fields


class ProductImageOutput(serializers.ModelSerializer):
    class Meta:
        model = ProductImage
        fields = ["id", "url", "alt_text", "is_primary", "variant"]
        read_only_fields = fields


class ProductVariantOutput(serializers.ModelSerializer):
    class Meta:
        model = ProductVariant
        fields = ["id", "name", "sku", "price", "compare_at_price", "stock_quantity", "option_values"]
        read_only_fields = fields


class ProductDetailOutput(ProductListOutput):
    images = ProductImageOutput(many=True)
    variants = ProductVariantOutput(source="active_variants", many=True)

    class Meta(ProductListOutput.Meta):
        fields = [field for field in ProductListOutput.Meta.fields if field != "primary_image_url"] + [
            "sku",
            "description",
            "attributes",
            "tags",
            "weight_grams",
            "images",
            "variants",
        ]
        read_only_fields = fields
