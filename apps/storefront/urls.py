"""Addresses people type and share (issue #7): /, /search/, /c/<slug>/, /p/<slug>/, /cart/, /checkout/, ...

Each part of the shop keeps its own list below; add a new part (the account pages) as one more list.
"""

from django.urls import path, re_path

from apps.storefront.views import (
    account,
    account_auth,
    account_cards,
    account_documents,
    account_notifications,
    account_orders,
    account_wishlist,
    cart,
    catalog,
    checkout,
    guest_orders,
    media,
    visitor,
)

app_name = "storefront"

catalog_urls = [
    path("", catalog.home, name="home"),
    path("search/", catalog.search, name="search"),
    path("search/suggest/", catalog.autocomplete, name="search_suggest"),
    path("visitor/", visitor.visitor, name="visitor"),
    path("c/<slug:slug>/", catalog.category, name="category"),
    path("p/<slug:slug>/", catalog.product, name="product"),
    path("p/<slug:slug>/review/", catalog.review, name="review"),
    path("p/<slug:slug>/reviews/<uuid:review_id>/helpful/", catalog.review_helpful, name="review_helpful"),
    path("p/<slug:slug>/wishlist/", catalog.wishlist, name="wishlist"),
    re_path(r"^media/products/(?P<name>[a-z0-9-]+\.(?:jpg|webp))$", media.product_image, name="product_image"),
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

account_urls = [
    path("accounts/signup/", account_auth.signup, name="signup"),
    path("accounts/login/", account_auth.sign_in, name="login"),
    path("accounts/logout/", account_auth.sign_out, name="logout"),
    path("accounts/verify-email/<str:token>/", account_auth.confirm_email, name="verify_email"),
    path("accounts/password-reset/", account_auth.password_reset, name="password_reset"),
    path("accounts/password-reset/<str:token>/", account_auth.password_reset_confirm, name="password_reset_confirm"),
    path("account/", account.profile, name="account"),
    path("account/verify-email/", account.resend_verification, name="account_resend_verification"),
    path("account/addresses/", account.addresses, name="account_addresses"),
    path("account/addresses/new/", account.address_new, name="account_address_new"),
    path("account/addresses/<uuid:address_id>/", account.address_edit, name="account_address_edit"),
    path("account/addresses/<uuid:address_id>/delete/", account.address_delete, name="account_address_delete"),
    path("account/addresses/<uuid:address_id>/default/", account.address_default, name="account_address_default"),
    path("account/orders/", account_orders.order_list, name="account_orders"),
    path("account/orders/<str:order_number>/", account_orders.order_detail, name="account_order"),
    path("account/orders/<str:order_number>/cancel/", account_orders.order_cancel, name="account_order_cancel"),
    path("account/orders/<str:order_number>/return/", account_orders.order_return, name="account_order_return"),
    path("account/orders/<str:order_number>/invoice/", account_documents.order_invoice, name="account_order_invoice"),
    path(
        "account/orders/<str:order_number>/documents/<str:number>/",
        account_documents.order_document,
        name="account_order_document",
    ),
    path("account/returns/", account_orders.return_list, name="account_returns"),
    path("account/wishlist/", account_wishlist.wishlist, name="account_wishlist"),
    path("account/wishlist/<uuid:item_id>/remove/", account_wishlist.wishlist_remove, name="account_wishlist_remove"),
    path("account/wishlist/<uuid:item_id>/cart/", account_wishlist.wishlist_to_cart, name="account_wishlist_cart"),
    path("account/cards/", account_cards.cards, name="account_cards"),
    path("account/cards/<uuid:card_id>/default/", account_cards.card_default, name="account_card_default"),
    path("account/cards/<uuid:card_id>/delete/", account_cards.card_delete, name="account_card_delete"),
    path("account/notifications/", account_notifications.notifications, name="account_notifications"),
    path("account/notifications/read/", account_notifications.notifications_read, name="account_notifications_read"),
]

guest_urls = [
    path("orders/lookup/", guest_orders.order_lookup, name="order_lookup"),
    path("orders/track/<str:token>/", guest_orders.order_detail, name="guest_order"),
    path("orders/track/<str:token>/return/", guest_orders.order_return, name="guest_order_return"),
]

urlpatterns = [*catalog_urls, *cart_urls, *checkout_urls, *account_urls, *guest_urls]
