from django.urls import path

from . import tracking_views, views

app_name = "fulfilment"

urlpatterns = [
    path("orders/<uuid:pk>/confirm/", views.ConfirmView.as_view(), name="order-confirm"),
    path("orders/<uuid:pk>/process/", views.ProcessView.as_view(), name="order-process"),
    path("orders/<uuid:pk>/ship/", views.ShipView.as_view(), name="order-ship"),
    path("orders/<uuid:pk>/deliver/", views.DeliverView.as_view(), name="order-deliver"),
    path("orders/<uuid:order_id>/cancel/", views.CancelView.as_view(), name="order-cancel"),
    path("orders/<uuid:pk>/refund/", views.RefundView.as_view(), name="order-refund"),
    path("carriers/<slug:code>/events/", tracking_views.CarrierWebhookView.as_view(), name="carrier-webhook"),
]
