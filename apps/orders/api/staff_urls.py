from django.urls import path

from . import staff_views as views

app_name = "orders-staff"

urlpatterns = [
    path("orders/<uuid:pk>/status/", views.OrderStatusView.as_view(), name="order-status"),
    path("orders/<uuid:pk>/deliver/", views.OrderDeliverView.as_view(), name="order-deliver"),
    path("orders/<uuid:pk>/notes/", views.OrderNotesView.as_view(), name="order-notes"),
]
