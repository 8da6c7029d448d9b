"""Addresses people type and share (issue #7): /, /search/, /c/<slug>/, /p/<slug>/, /cart/, /checkout/, ...

Each part of the shop keeps its own list below; add a new part (the account pages) as one more list.
"""

from django.urls import path

from apps.storefront.views import cart, catalog, checkout

app_name = "storefront"

catalog_urls = [
    path("", catalog.home, name="home"),
    path("search/", catalog.search, name="search"),
    path("c/<slug:slug>/", catalog.category, name="category"),
    path("p/<slug:slug>/", catalog.product, name="product"),
    path("p/<slug:slug>/review/", catalog.review, name="review"),
    path("p/<slug:slug>/wishlist/", catalog.wishlist, name="wishlist"),
]

cart_urls = [
    path("cart/", cart.cart_detail, name="cart"),
    path("cart/lines/<uuid:item_id>/", cart.update_line, name="cart_update_line"),
    path("cart/lines/<uuid:item_id>/remove/", cart.remove_line, name="cart_remove_line"),
    path("cart/coupon/", cart.apply_coupon, name="cart_apply_coupon"),
    path("cart/coupon/remove/", cart.remove_coupon, name="cart_remove_coupon"),
]

checkout_urls = [
    path("checkout/", checkout.checkout, name="checkout"),
    path("checkout/done/<str:order_number>/", checkout.checkout_done, name="checkout_done"),
]

urlpatterns = [*catalog_urls, *cart_urls, *checkout_urls]
