from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("products/<uuid:product_id>/reviews/", views.ProductReviewListView.as_view(), name="product-review-list"),
]
