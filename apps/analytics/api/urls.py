from django.urls import path

from . import views

app_name = "analytics"

urlpatterns = [
    path("analytics/daily-sales/", views.DailySalesView.as_view(), name="daily-sales"),
    path("analytics/monthly-revenue/", views.MonthlyRevenueView.as_view(), name="monthly-revenue"),
    path("analytics/top-products/", views.TopProductsView.as_view(), name="top-products"),
    path("analytics/categories/", views.CategoriesView.as_view(), name="categories"),
    path("analytics/segments/", views.SegmentsView.as_view(), name="segments"),
    path("analytics/inventory-status/", views.InventoryStatusView.as_view(), name="inventory-status"),
    path("analytics/category-revenue/", views.CategoryRevenueView.as_view(), name="category-revenue"),
    path("analytics/refresh/", views.RefreshView.as_view(), name="refresh"),
]
