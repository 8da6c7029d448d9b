"""OpenAPI links: how one API answer feeds the next request (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).

They tell a client program where the ids it needs come from (a product from the catalog into the
cart, a cart line to change, a placed order to follow, cancel, or, as staff, confirm, ship, deliver
and refund; a return to approve, receive and refund), and they are what schemathesis's stateful
phase follows to chain requests into journeys (tests/test_api_contract.py). They name operations by
operationId, so they live here, beside the URLconf that gathers every app's endpoints.
"""

# A card the built-in test gateway accepts (README: test cards), for the checkout a link prepares.
TEST_CARD = {"method": "card", "card_number": "4242424242424242", "exp_month": 12, "exp_year": 2099, "cvc": "123"}

PRODUCT_ID = "$response.body#/results/*/id"
ORDER_ID = "$response.body#/id"
RETURN_ID = "$response.body#/id"
ORDER_STAFF_OPERATIONS = (
    "v1_orders_confirm_create",
    "v1_orders_process_create",
    "v1_orders_ship_create",
    "v1_orders_deliver_create",
    "v1_orders_notes_create",
    "v1_orders_refund_create",
    "v1_orders_shipments_list",
)


def _to(operation_id, parameters=None, body=None, description=None):
    link = {"operationId": operation_id}
    if description:
        link["description"] = description
    if parameters:
        link["parameters"] = parameters
    if body is not None:
        link["requestBody"] = body
    return link


def _order_links(order_id=ORDER_ID):
    """From an answer naming an order: the shopper's reads and cancel, and every staff operation on it."""
    links = {
        "Order": _to("v1_orders_retrieve", {"order_id": order_id}),
        "CancelOrder": _to("v1_orders_cancel_create", {"order_id": order_id}),
        "OrderDocuments": _to("v1_orders_documents_list", {"order_id": order_id}),
    }
    for operation_id in ORDER_STAFF_OPERATIONS:
        name = "".join(part.title() for part in operation_id.removeprefix("v1_orders_").split("_")[:-1])
        links[f"Staff{name}"] = _to(operation_id, {"id": order_id})
    return links


def _cart_line_links(line_id):
    return {
        "ChangeLine": _to("v1_cart_items_partial_update", {"item_id": line_id}),
        "RemoveLine": _to("v1_cart_items_destroy", {"item_id": line_id}),
    }


def _return_links(return_id=RETURN_ID):
    links = {f"Staff{action.title()}Return": _to(f"v1_returns_{action}_create", {"id": return_id}) for action in (
        "approve", "reject", "receive", "refund"
    )}  # fmt: skip
    return {"Return": _to("v1_returns_retrieve", {"return_id": return_id}), **links}


# operationId → {status: {link name: link}}
LINKS = {
    "v1_products_list": {
        "200": {
            "Product": _to("v1_products_retrieve", {"id_or_slug": PRODUCT_ID}),
            "AddToCart": _to("v1_cart_items_create", body={"product": PRODUCT_ID, "variant": None, "quantity": 1}),
            "AddToWishlist": _to("v1_me_wishlist_create", body={"product": PRODUCT_ID, "variant": None}),
            "Reviews": _to("v1_products_reviews_list", {"product_id": PRODUCT_ID}),
            "Review": _to("v1_products_reviews_create", {"product_id": PRODUCT_ID}),
            "EditMyReview": _to("v1_products_reviews_mine_update", {"product_id": PRODUCT_ID}),
        }
    },
    "v1_cart_items_create": {
        "201": {
            **_cart_line_links("$response.body#/lines/*/id"),
            "ShippingMethods": _to("v1_shipping_methods_list", {"country": "US"}),
        }
    },
    "v1_cart_retrieve": {"200": _cart_line_links("$response.body#/lines/*/id")},
    "v1_shipping_methods_list": {
        "200": {
            "Checkout": _to(
                "v1_checkout_create",
                body={
                    "shipping_method": "$response.body#/*/id",
                    "shipping_address": {
                        "first_name": "Ada",
                        "last_name": "Lovelace",
                        "address_line_1": "12 Analytical Row",
                        "city": "Springfield",
                        "state": "IL",
                        "postal_code": "62701",
                        "country_code": "US",
                    },
                    "payment": TEST_CARD,
                },
                description="Place the cart's order with this method, a US address and the test card.",
            )
        }
    },
    "v1_checkout_create": {"201": _order_links()},
    "v1_orders_list": {"200": _order_links("$response.body#/results/*/id")},
    "v1_orders_retrieve": {
        "200": {
            **_order_links(),
            "ReturnItems": _to(
                "v1_returns_create",
                body={
                    "order": ORDER_ID,
                    "items": [{"order_item": "$response.body#/items/*/id", "quantity": 1}],
                    "reason": "Does not fit",
                },
                description="Ask to return one unit of a line (the order must be delivered).",
            ),
        }
    },
    "v1_orders_confirm_create": {"200": _order_links()},
    "v1_orders_process_create": {"200": _order_links()},
    "v1_orders_deliver_create": {"200": _order_links()},
    "v1_orders_cancel_create": {"200": _order_links()},
    "v1_returns_create": {"201": _return_links()},
    "v1_returns_list": {"200": _return_links("$response.body#/results/*/id")},
    **{f"v1_returns_{action}_create": {"200": _return_links()} for action in ("approve", "receive", "reject")},
}


def add_links(result, generator, request, public):
    """Attach LINKS to the responses of the operations they start from (operations absent from this
    schema, e.g. filtered out, are skipped)."""
    present = {
        operation["operationId"]
        for operations in result.get("paths", {}).values()
        for operation in operations.values()
        if isinstance(operation, dict) and "operationId" in operation
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            by_status = LINKS.get(operation.get("operationId") if isinstance(operation, dict) else None, {})
            for status, links in by_status.items():
                usable = {name: link for name, link in links.items() if link["operationId"] in present}
                operation["responses"][status].setdefault("links", {}).update(usable)
    return result
