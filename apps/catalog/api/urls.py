from django.urls import path

from apps.catalog.version import catalog_version
from apps.core.shared_cache import shared_cache

from . import views

app_name = "catalog"

# Public reads: an anonymous client is answered from the cache, or with 304 from the version alone.
shared = shared_cache(catalog_version)

urlpatterns = [
    path("categories/", shared(views.CategoryTreeView.as_view()), name="category-tree"),
    path("brands/", shared(views.BrandListView.as_view()), name="brand-list"),
    path("products/", shared(views.ProductListView.as_view()), name="product-list"),
    path("products/<str:id_or_slug>/", shared(views.ProductDetailView.as_view()), name="product-detail"),
]
