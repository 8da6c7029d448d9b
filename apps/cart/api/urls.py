from django.urls import path

from . import views

app_name = "cart"

urlpatterns = [
    path("cart/", views.CartView.as_view(), name="cart"),
    path("cart/items/", views.CartItemListView.as_view(), name="cart-item-list"),
    path("cart/items/<uuid:item_id>/", views.CartItemDetailView.as_view(), name="cart-item-detail"),
    path("cart/coupon/", views.CartCouponView.as_view(), name="cart-coupon"),
    path("shipping-methods/", views.ShippingMethodListView.as_view(), name="shipping-method-list"),
]
