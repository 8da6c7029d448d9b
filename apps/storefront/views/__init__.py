"""Storefront pages, one module per part of the shop (catalog, cart, checkout; account pages alongside)."""
