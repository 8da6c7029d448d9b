"""Which cart an API request shops with: the signed-in user's, or a guest's named by X-Cart-Token."""

from apps.cart.selectors import get_cart_by_token, get_cart_for_user
from apps.cart.services import get_or_create_guest_cart, get_or_create_user_cart, merge_guest_cart

CART_TOKEN_HEADER = "X-Cart-Token"


def _token(request) -> str:
    return request.headers.get(CART_TOKEN_HEADER, "").strip()


def current_cart(request, *, create=False):
    """The request's cart, or None when it has none yet and `create` is false.

    A signed-in request that still sends a guest token brings that guest cart into the user's cart
    (the guest cart is then gone, so later requests merge nothing).
    """
    token = _token(request)
    if request.user.is_authenticated:
        if token:
            return merge_guest_cart(user=request.user, token=token)
        return get_or_create_user_cart(user=request.user) if create else get_cart_for_user(user=request.user)
    if create:
        return get_or_create_guest_cart(token=token or None)
    return get_cart_by_token(token=token)


def with_cart_token(response, cart):
    """Hand a guest their cart's token (header and body already carry it for user carts as null)."""
    if cart is not None and cart.user_id is None:
        response[CART_TOKEN_HEADER] = cart.session_id
    return response
