from django.urls import path

from . import views

app_name = "returns"

urlpatterns = [
    path("returns/", views.ReturnListView.as_view(), name="return-list"),
    path("returns/<uuid:return_id>/", views.ReturnDetailView.as_view(), name="return-detail"),
]
