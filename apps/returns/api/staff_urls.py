from django.urls import path

from . import staff_views as views

app_name = "returns-staff"

urlpatterns = [
    path("returns/<uuid:pk>/approve/", views.ApproveReturnView.as_view(), name="return-approve"),
    path("returns/<uuid:pk>/reject/", views.RejectReturnView.as_view(), name="return-reject"),
    path("returns/<uuid:pk>/receive/", views.ReceiveReturnView.as_view(), name="return-receive"),
    path("returns/<uuid:pk>/refund/", views.RefundReturnView.as_view(), name="return-refund"),
]
