from django.contrib import admin

from apps.catalog.models import Brand, Category, Product, ProductImage, ProductVariant
from apps.catalog.services import soft_delete_product
from apps.core.admin import TIMESTAMPS, SoftDeleteAdminMixin, SoftDeletedListFilter


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "parent", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = TIMESTAMPS


@admin.register(Brand)
class BrandAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = TIMESTAMPS


class ProductVariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 0
    fields = ("name", "sku", "price", "compare_at_price", "stock_quantity", "sort_order", "is_active")
    readonly_fields = ("stock_quantity",)


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ("url", "alt_text", "variant", "sort_order", "is_primary")
    autocomplete_fields = ("variant",)


@admin.register(Product)
class ProductAdmin(SoftDeleteAdminMixin, admin.ModelAdmin):
    list_display = ("name", "sku", "category", "brand", "price", "stock_quantity", "is_active", "is_featured")
    list_filter = ("is_active", "is_featured", "track_inventory", SoftDeletedListFilter, "category", "brand")
    search_fields = ("name", "sku", "slug")
    list_select_related = ("category", "brand")
    autocomplete_fields = ("category", "brand")
    prepopulated_fields = {"slug": ("name",)}
    # Stock and ratings are kept by triggers from the ledger and the reviews; nobody types them.
    readonly_fields = (*TIMESTAMPS, "stock_quantity", "rating_avg", "review_count", "deleted_at")
    inlines = [ProductVariantInline, ProductImageInline]

    def soft_delete(self, obj):
        soft_delete_product(product=obj)


@admin.register(ProductVariant)
class ProductVariantAdmin(admin.ModelAdmin):
    list_display = ("name", "sku", "product", "price", "stock_quantity", "is_active")
    list_filter = ("is_active",)
    search_fields = ("sku", "name", "product__name", "product__sku")
    list_select_related = ("product",)
    autocomplete_fields = ("product",)
    readonly_fields = (*TIMESTAMPS, "stock_quantity")


@admin.register(ProductImage)
class ProductImageAdmin(admin.ModelAdmin):
    list_display = ("url", "product", "variant", "is_primary", "sort_order")
    list_filter = ("is_primary",)
    search_fields = ("product__name", "product__sku", "alt_text")
    list_select_related = ("product", "variant__product")
    autocomplete_fields = ("product", "variant")
    readonly_fields = TIMESTAMPS
