"""How the admin index groups the shop's tables: by the work staff do, not by Python package."""

# (section name, app labels it gathers), in the order the index shows them.
SECTIONS = [
    ("Orders and money", ("orders", "payments", "returns", "invoicing", "cart")),
    ("Catalog", ("catalog", "reviews", "promotions", "wishlist")),
    ("Inventory", ("inventory",)),
    ("Shipping", ("shipping",)),
    ("Customers", ("accounts",)),
    ("Analytics", ("analytics",)),
    ("Operations", ("ops", "audit", "notifications", "auth")),
]
INTERNAL_SECTION = "Internal tables (Owner only)"
