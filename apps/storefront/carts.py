"""Which cart a browser is using: the signed-in user's, or a guest's whose token sits in the session."""

from apps.cart.models import Cart
from apps.cart.selectors import get_cart_by_token, get_cart_for_user
from apps.cart.services import get_or_create_guest_cart, get_or_create_user_cart, merge_guest_cart
from apps.core.shared_cache import is_anonymous

SESSION_KEY = "cart_token"
# The cart page's shipping estimate ({"country_code", "state", "method"}), which checkout starts from.
ESTIMATE_KEY = "shipping_estimate"


def current_cart(request) -> Cart | None:
    """The cart this request shops with, or None when it has none yet (nothing is created).

    Looked up once per request (the view and the layout's badge both ask); a visitor with no
    session cookie has no cart, and their session is not touched.
    """
    if not hasattr(request, "_shop_cart"):
        request._shop_cart = _find_cart(request)
    return request._shop_cart


def _find_cart(request):
    if is_anonymous(request):
        return None
    if request.user.is_authenticated:
        return get_cart_for_user(user=request.user)
    return get_cart_by_token(token=request.session.get(SESSION_KEY, ""))


def current_or_new_cart(request) -> Cart:
    """The request's cart, created on first use (a guest's token is kept in their session)."""
    if request.user.is_authenticated:
        cart = get_or_create_user_cart(user=request.user)
    else:
        cart = get_or_create_guest_cart(token=request.session.get(SESSION_KEY))
        request.session[SESSION_KEY] = cart.session_id
    request._shop_cart = cart
    return cart


def adopt_guest_cart(request, user) -> None:
    """After sign-in: fold the guest cart of this browser into the user's cart."""
    token = request.session.pop(SESSION_KEY, None)
    if token:
        merge_guest_cart(user=user, token=token)
