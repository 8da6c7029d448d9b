from django.urls import path

from . import views

app_name = "invoicing"

urlpatterns = [
    path("orders/<uuid:order_id>/documents/", views.OrderDocumentListView.as_view(), name="order-document-list"),
    path("orders/<uuid:order_id>/documents/<str:number>/", views.OrderDocumentView.as_view(), name="order-document"),
]
