"""Staff roles as Django groups, each with the model permissions of its work.

Permissions are named "app_label.codename" with shell-style wildcards. Object permissions are not
used: every role is about which kinds of rows staff may read or change, never which ones; Support's
refund ceiling is an amount (payments.refund_above_limit with settings.SUPPORT_REFUND_LIMIT).
Internal tables (tokens, sessions, card tokens, delivery logs) are shown to the Owner only by their
ModelAdmin (apps.core.admin.InternalAdminMixin), whatever a group holds.

The migration 0001_staff_roles creates the groups (services.sync_roles); `manage.py sync_staff_roles` brings them up to
date when models were added since (their permissions match the same patterns).
"""

SHOP_APPS = (
    "accounts", "catalog", "inventory", "promotions", "shipping", "reviews", "wishlist", "cart",
    "orders", "payments", "returns", "analytics", "ops", "audit", "notifications", "invoicing",
)  # fmt: skip
READ_EVERYTHING = tuple(f"{app}.view_*" for app in SHOP_APPS)

ROLES = {
    "Order manager": (
        "orders.*", "payments.*", "returns.*", "shipping.*", "promotions.view_*", "cart.view_*",
        "accounts.view_user", "accounts.view_address", "catalog.view_*", "inventory.view_*",
        "analytics.view_*", "audit.view_*", "invoicing.view_*",
    ),
    "Catalog manager": (
        "catalog.*", "reviews.*", "promotions.*", "wishlist.view_*", "inventory.view_*",
        "analytics.view_productperformance", "analytics.view_categoryperformance",
    ),
    "Inventory clerk": (
        "inventory.*", "catalog.view_*", "orders.view_order", "orders.view_orderitem",
        "returns.view_*", "returns.change_returnrequest", "analytics.view_inventorystatus",
    ),
    "Support": (
        "orders.view_*", "orders.add_ordernote", "accounts.view_user", "accounts.view_address",
        "payments.view_payment", "payments.view_refund", "payments.add_refund", "returns.view_*",
        "reviews.view_*", "shipping.view_*", "wishlist.view_*", "cart.view_*", "invoicing.view_*",
    ),
    "Analyst": READ_EVERYTHING,
    "Owner": ("*",),
}  # fmt: skip
