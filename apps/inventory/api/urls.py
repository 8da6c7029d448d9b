from django.urls import path

from . import views

app_name = "inventory"

urlpatterns = [
    path("inventory/stock/", views.StockListView.as_view(), name="stock-list"),
    path("inventory/movements/", views.MovementListView.as_view(), name="movement-list"),
    path("inventory/adjustments/", views.AdjustmentView.as_view(), name="adjustment"),
    path("inventory/transfers/", views.TransferView.as_view(), name="transfer"),
    path("inventory/receipts/", views.ReceiptView.as_view(), name="receipt"),
    path("inventory/transfer-requests/", views.TransferRequestListView.as_view(), name="transfer-list"),
    path("inventory/transfer-requests/<uuid:pk>/ship/", views.TransferShipView.as_view(), name="transfer-ship"),
    path(
        "inventory/transfer-requests/<uuid:pk>/receive/", views.TransferReceiveView.as_view(), name="transfer-receive"
    ),
    path("inventory/transfer-requests/<uuid:pk>/cancel/", views.TransferCancelView.as_view(), name="transfer-cancel"),
]
