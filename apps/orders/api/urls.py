from django.urls import path

from . import views

app_name = "orders"

# orders/<id>/cancel/ is served by apps.checkout.api: cancelling voids payments, a layer above orders.
urlpatterns = [
    path("orders/", views.OrderListView.as_view(), name="order-list"),
    path("orders/<uuid:order_id>/", views.OrderDetailView.as_view(), name="order-detail"),
]
