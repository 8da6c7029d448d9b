from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q

from apps.core.fields import MoneyField
from apps.core.models import BaseModel, SoftDeleteManager, SoftDeleteModel, SoftDeleteQuerySet


class Category(BaseModel):
    """A node of the category tree; deleting a parent makes its children top-level."""

    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children", db_index=False
    )
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, db_index=False)
    description = models.TextField(blank=True, default="")
    sort_order = models.IntegerField(default=0, db_default=0)
    is_active = models.BooleanField(default=True, db_default=True)

    class Meta:
        db_table = "categories"
        db_table_comment = "Product categories (a tree through parent_id)"
        verbose_name_plural = "categories"
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="idx_categories_slug"),
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="categories_not_own_parent"),
        ]
        indexes = [models.Index(fields=["parent"], name="idx_categories_parent")]

    def __str__(self):
        return self.name


class Brand(BaseModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, db_index=False)
    logo_url = models.CharField(max_length=500, blank=True, default="")
    description = models.TextField(blank=True, default="")
    is_active = models.BooleanField(default=True, db_default=True)

    class Meta:
        db_table = "brands"
        db_table_comment = "Product brands and manufacturers"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="brands_slug_key")]

    def __str__(self):
        return self.name


class ProductQuerySet(SoftDeleteQuerySet):
    def sellable(self):
        """Products a shopper may see and buy."""
        return self.filter(is_active=True, deleted_at__isnull=True)


class Product(SoftDeleteModel):
    """A product of the catalog; its variants (size, colour) carry their own SKU, price and stock."""

    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="products", db_index=False
    )
    brand = models.ForeignKey(
        Brand, on_delete=models.SET_NULL, null=True, blank=True, related_name="products", db_index=False
    )
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=280, db_index=False)
    sku = models.CharField(max_length=64, db_comment="Stock keeping unit, unique")
    description = models.TextField(blank=True, default="")
    price = MoneyField()
    compare_at_price = MoneyField(null=True, blank=True, db_comment="Former price shown struck through; above price")
    cost_price = MoneyField(null=True, blank=True, db_comment="What the shop pays; for margins, never shown")
    currency = models.CharField(max_length=3, default="USD", db_default="USD")
    stock_quantity = models.IntegerField(
        default=0, db_default=0, db_comment="Sum of available warehouse stock (kept by trigger)"
    )
    track_inventory = models.BooleanField(default=True, db_default=True, db_comment="False: never out of stock")
    attributes = models.JSONField(default=dict, blank=True, db_default={}, db_comment="Free-form specs (material, ...)")
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True, db_default=[])
    weight_grams = models.PositiveIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True, db_default=True)
    is_featured = models.BooleanField(default=False, db_default=False)
    rating_avg = models.DecimalField(
        max_digits=3, decimal_places=2, null=True, blank=True, db_comment="Mean approved rating (trigger)"
    )
    review_count = models.PositiveIntegerField(default=0, db_default=0, db_comment="Approved reviews (trigger)")
    search_vector = SearchVectorField(null=True, editable=False, db_comment="Weighted full-text document (trigger)")

    objects = SoftDeleteManager.from_queryset(ProductQuerySet)()
    all_objects = ProductQuerySet.as_manager()

    class Meta:
        db_table = "products"
        db_table_comment = "The product catalog"
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="idx_products_slug"),
            models.UniqueConstraint(fields=["sku"], name="idx_products_sku"),
            models.CheckConstraint(condition=Q(price__gte=0), name="products_price_positive"),
            models.CheckConstraint(
                condition=Q(compare_at_price__isnull=True) | Q(compare_at_price__gt=models.F("price")),
                name="products_compare_price",
            ),
            models.CheckConstraint(
                condition=Q(cost_price__isnull=True) | Q(cost_price__gte=0), name="products_cost_price_positive"
            ),
            models.CheckConstraint(condition=Q(stock_quantity__gte=0), name="products_stock_non_negative"),
        ]
        indexes = [
            models.Index(fields=["category"], name="idx_products_category_id"),
            models.Index(fields=["brand"], name="idx_products_brand_id"),
            models.Index(
                fields=["is_active", "deleted_at"],
                name="idx_products_active",
                condition=Q(is_active=True, deleted_at__isnull=True),
            ),
            models.Index(
                fields=["is_featured"], name="idx_products_featured", condition=Q(is_featured=True, is_active=True)
            ),
            models.Index(fields=["price"], name="idx_products_price"),
            # No index on stock_quantity (seed 003 had idx_products_stock): every sale rewrites it,
            # and an index on it kept each of those updates from being HOT (issue #17); no query
            # ever read it (stock questions go to warehouse_stock).
            GinIndex(
                SearchVector("name", "description", config="english"),
                name="idx_products_search",
            ),
            GinIndex(fields=["attributes"], name="idx_products_attributes"),
            GinIndex(fields=["tags"], name="idx_products_tags"),
            models.Index(
                fields=["category", "price"],
                name="idx_products_category_price",
                condition=Q(is_active=True, deleted_at__isnull=True),
            ),
            # The default order of the API list and category pages (newest first, ties by name):
            # a page is read off the index instead of sorting every sellable product.
            models.Index(
                models.F("created_at").desc(),
                "name",
                "id",
                name="idx_products_listing_newest",
                condition=Q(is_active=True, deleted_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.name


class ProductVariant(BaseModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    name = models.CharField(max_length=255, db_comment="e.g. 'Large / Blue'")
    sku = models.CharField(max_length=64)
    price = MoneyField(db_comment="Price of this variant")
    compare_at_price = MoneyField(null=True, blank=True)
    stock_quantity = models.IntegerField(default=0, db_default=0, db_comment="Available warehouse stock (trigger)")
    option_values = models.JSONField(
        default=dict, blank=True, db_default={}, db_comment='{"size": "L", "color": "Blue"}'
    )
    sort_order = models.IntegerField(default=0, db_default=0)
    is_active = models.BooleanField(default=True, db_default=True)

    class Meta:
        db_table = "product_variants"
        db_table_comment = "Sellable variants of a product (size, colour, ...)"
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["sku"], name="product_variants_sku_key"),
            models.CheckConstraint(condition=Q(price__gte=0), name="product_variants_price_positive"),
            models.CheckConstraint(
                condition=Q(compare_at_price__isnull=True) | Q(compare_at_price__gt=models.F("price")),
                name="product_variants_compare_price",
            ),
            models.CheckConstraint(condition=Q(stock_quantity__gte=0), name="product_variants_stock_non_negative"),
        ]

    def __str__(self):
        return f"{self.product} – {self.name}" if self.product_id else self.name


class ProductImage(BaseModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    variant = models.ForeignKey(ProductVariant, on_delete=models.SET_NULL, null=True, blank=True, related_name="images")
    url = models.CharField(max_length=500, db_comment="Path under MEDIA_URL/STATIC_URL or absolute URL")
    alt_text = models.CharField(max_length=255, blank=True, default="")
    sort_order = models.IntegerField(default=0, db_default=0)
    is_primary = models.BooleanField(default=False, db_default=False)

    class Meta:
        db_table = "product_images"
        db_table_comment = "Product media; at most one primary image per product"
        ordering = ["sort_order"]
        constraints = [
            models.UniqueConstraint(
                fields=["product"], condition=Q(is_primary=True), name="product_images_one_primary"
            ),
        ]

    def __str__(self):
        return self.alt_text or self.url
