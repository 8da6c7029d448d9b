from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("categories/", views.CategoryTreeView.as_view(), name="category-tree"),
    path("brands/", views.BrandListView.as_view(), name="brand-list"),
    path("products/", views.ProductListView.as_view(), name="product-list"),
    path("products/<str:id_or_slug>/", views.ProductDetailView.as_view(), name="product-detail"),
]
