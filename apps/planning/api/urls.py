from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("planning/suggestions/", views.SuggestionListView.as_view(), name="suggestion-list"),
    path(
        "planning/suggestions/<uuid:pk>/forecast/", views.SuggestionForecastView.as_view(), name="suggestion-forecast"
    ),
    path("planning/suggestions/draft/", views.DraftView.as_view(), name="draft"),
    path("planning/analytics/", views.AnalyticsView.as_view(), name="analytics"),
    path("planning/purchase-orders/", views.PurchaseOrderListView.as_view(), name="purchase-order-list"),
    path("planning/purchase-orders/<uuid:pk>/", views.PurchaseOrderDetailView.as_view(), name="purchase-order"),
    path("planning/purchase-orders/<uuid:pk>/send/", views.SendView.as_view(), name="purchase-order-send"),
    path("planning/purchase-orders/<uuid:pk>/receive/", views.ReceiveView.as_view(), name="purchase-order-receive"),
    path("planning/purchase-orders/<uuid:pk>/close/", views.CloseView.as_view(), name="purchase-order-close"),
]
