from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("products/<uuid:product_id>/reviews/", views.ProductReviewListView.as_view(), name="product-review-list"),
    path("products/<uuid:product_id>/reviews/mine/", views.MyReviewView.as_view(), name="my-review"),
    path("reviews/<uuid:review_id>/helpful/", views.HelpfulVoteView.as_view(), name="review-helpful"),
]
