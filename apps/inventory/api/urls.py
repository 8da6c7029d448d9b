from django.urls import path

from . import views

app_name = "inventory"

urlpatterns = [
    path("inventory/stock/", views.StockListView.as_view(), name="stock-list"),
    path("inventory/movements/", views.MovementListView.as_view(), name="movement-list"),
    path("inventory/adjustments/", views.AdjustmentView.as_view(), name="adjustment"),
    path("inventory/transfers/", views.TransferView.as_view(), name="transfer"),
    path("inventory/receipts/", views.ReceiptView.as_view(), name="receipt"),
]
