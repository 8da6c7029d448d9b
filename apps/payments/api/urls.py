from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("payments/<uuid:pk>/capture/", views.CaptureView.as_view(), name="payment-capture"),
    path("payments/<uuid:pk>/refunds/", views.RefundListView.as_view(), name="payment-refunds"),
    path("orders/<uuid:pk>/shipments/", views.OrderShipmentsView.as_view(), name="order-shipments"),
]
