from django.apps import AppConfig


class WishlistConfig(AppConfig):
    name = "apps.wishlist"
    label = "wishlist"
    verbose_name = "Wishlist"
