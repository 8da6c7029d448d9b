from django.urls import path

from . import views

app_name = "wishlist"

urlpatterns = [
    path("me/wishlist/", views.WishlistView.as_view(), name="wishlist"),
    path("me/wishlist/<uuid:product_id>/", views.WishlistItemView.as_view(), name="wishlist-item"),
]
