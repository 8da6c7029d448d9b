from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from apps.core.api.views import ApiRootView
from apps.core.views import healthz, healthz_ready

# GET /api/v1/ lists these: name → URL name (see apps/core/api/__init__.py to add an app's endpoints).
API_ROOT_RESOURCES = {
    "register": "v1:accounts:register",
    "login": "v1:accounts:login",
    "refresh": "v1:accounts:refresh",
    "logout": "v1:accounts:logout",
    "password-reset": "v1:accounts:password-reset",
    "verify-email": "v1:accounts:verify-email",
    "me": "v1:accounts:me",
    "addresses": "v1:accounts:address-list",
    "notifications": "v1:notifications:notification-list",
    "notification-preferences": "v1:notifications:preferences",
    # Shopper resources (issue #6).
    "categories": "v1:catalog:category-tree",
    "brands": "v1:catalog:brand-list",
    "products": "v1:catalog:product-list",
    "wishlist": "v1:wishlist:wishlist",
    "cart": "v1:cart:cart",
    "shipping-methods": "v1:cart:shipping-method-list",
    "checkout": "v1:checkout:checkout",
    "orders": "v1:orders:order-list",
    "returns": "v1:returns:return-list",
    "payment-methods": "v1:payment-methods:list",
    # Staff only.
    "stock": "v1:inventory:stock-list",
    "stock-movements": "v1:inventory:movement-list",
    "daily-sales": "v1:analytics:daily-sales",
    "reorder-suggestions": "v1:planning:suggestion-list",
    "purchase-orders": "v1:planning:purchase-order-list",
    "stock-transfers": "v1:inventory:transfer-list",
}

# Swagger UI under the CSP: the split view serves its start-up script as a file (no inline script);
# its React components still apply inline styles, so this page alone allows them.
api_docs = csp_update({"style-src": [UNSAFE_INLINE]})(SpectacularSwaggerSplitView.as_view(url_name="api-schema"))

api_v1 = [
    path("", ApiRootView.as_view(resources=API_ROOT_RESOURCES), name="root"),
    path("", include("apps.orders.api.account_urls")),  # verify-email also claims guest orders
    path("", include("apps.accounts.api.urls")),
    # Shopper resources (issue #6).
    path("", include("apps.catalog.api.urls")),
    path("", include("apps.reviews.api.urls")),
    path("", include("apps.wishlist.api.urls")),
    path("", include("apps.cart.api.urls")),
    path("", include("apps.checkout.api.urls")),
    path("", include("apps.orders.api.urls")),
    path("", include("apps.returns.api.urls")),
    path("", include("apps.payments.api.me_urls")),
    path("", include("apps.invoicing.api.urls")),
    path("", include("apps.notifications.api.urls")),
    # Staff operations (apps.core.api.permissions.IsStaff): shoppers get 403.
    path("", include("apps.orders.api.staff_urls")),
    path("", include("apps.fulfilment.api.urls")),
    path("", include("apps.payments.api.urls")),
    path("", include("apps.inventory.api.urls")),
    path("", include("apps.analytics.api.urls")),
    path("", include("apps.returns.api.staff_urls")),
    path("", include("apps.planning.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("healthz/ready", healthz_ready, name="healthz-ready"),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "v1"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_docs, name="api-docs"),
    path("", include("apps.storefront.urls")),
]

# Under /api/ these answer in the API's JSON error format; elsewhere they are Django's pages.
handler400 = "apps.core.api.views.bad_request"
handler403 = "apps.core.api.views.permission_denied"
handler404 = "apps.core.api.views.page_not_found"
handler500 = "apps.core.api.views.server_error"
