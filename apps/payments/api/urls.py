from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("payments/<uuid:pk>/refunds/", views.RefundListView.as_view(), name="payment-refunds"),
]
