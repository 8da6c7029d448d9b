from django.urls import path

from . import views

app_name = "orders"

# orders/<id>/cancel/ and the other operations are served by apps.fulfilment.api.
urlpatterns = [
    path("orders/", views.OrderListView.as_view(), name="order-list"),
    path("orders/<uuid:order_id>/", views.OrderDetailView.as_view(), name="order-detail"),
]
