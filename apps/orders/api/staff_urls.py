from django.urls import path

from . import staff_views as views

app_name = "orders-staff"

urlpatterns = [
    path("orders/<uuid:pk>/shipments/", views.OrderShipmentsView.as_view(), name="order-shipments"),
    path("orders/<uuid:pk>/notes/", views.OrderNotesView.as_view(), name="order-notes"),
]
