"""The per-visitor bits of a shared page, never cached: the CSRF token, the cart badge, the name."""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.decorators.cache import never_cache

from apps.cart.selectors import count_items
from apps.storefront.carts import current_cart


@never_cache
def visitor(request):
    user = request.user
    return JsonResponse(
        {
            "csrf_token": get_token(request),
            "cart_item_count": count_items(cart=current_cart(request)),
            "name": (user.first_name or "Account") if user.is_authenticated else "",
        }
    )
