from apps.core.exceptions import DomainError


class WishlistError(DomainError):
    code = "wishlist"
