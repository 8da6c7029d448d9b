"""OpenAPI links: how one API answer feeds the next request (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]).

They tell a client program where the ids it needs come from (a product from the catalog into the
cart, a cart line to change, a placed order to follow, cancel, or, as staff, confirm, ship, deliver
and refund; a return to approve, receive and refund), and they are what schemathesis's stateful
phase follows to chain requests into journeys (tests/test_api_contract.py). They name operations by
operationId, so they live here, beside the URLconf that gathers every app's endpoints.

A link with a whole request body (`_replacing`) carries the `x-schemathesis: merge_body: false`
extension: the body is the link's, not the link's fields merged into a generated one (a generated
checkout would name a saved address and an inline one at once, and be refused).
"""

from apps.checkout.api.views import EXAMPLE_ADDRESS

# A card the built-in test gateway accepts (README: test cards); the address is the checkout example's.
TEST_CARD = {"method": "card", "card_number": "4242424242424242", "exp_month": 12, "exp_year": 2099, "cvc": "123"}
ID = "$response.body#/id"
FIRST_RESULT_ID = "$response.body#/results/0/id"
ORDER_STAFF_OPERATIONS = ("confirm", "process", "ship", "deliver", "notes", "refund", "shipments")


def _to(operation_id, parameters=None, body=None, description=None):
    link = {"operationId": operation_id}
    if parameters:
        link["parameters"] = parameters
    if body is not None:
        link["requestBody"] = body
    if description:
        link["description"] = description
    return link


def _replacing(operation_id, body, description):
    return {**_to(operation_id, body=body, description=description), "x-schemathesis": {"merge_body": False}}


def _order_links(order_id=ID):
    """From an answer naming an order: the shopper's reads and cancel, and every staff operation on it."""
    staff = ((f"Staff{name.title()}", f"v1_orders_{name}_{'list' if name == 'shipments' else 'create'}") for name in (
        ORDER_STAFF_OPERATIONS
    ))  # fmt: skip
    return {
        "Order": _to("v1_orders_retrieve", {"order_id": order_id}),
        "CancelOrder": _to("v1_orders_cancel_create", {"order_id": order_id}),
        "OrderDocuments": _to("v1_orders_documents_list", {"order_id": order_id}),
        **{name: _to(operation_id, {"id": order_id}) for name, operation_id in staff},
    }


def _return_links(return_id=ID):
    staff = {f"Staff{action.title()}": _to(f"v1_returns_{action}_create", {"id": return_id}) for action in (
        "approve", "reject", "receive", "refund"
    )}  # fmt: skip
    return {"Return": _to("v1_returns_retrieve", {"return_id": return_id}), **staff}


def _product_links(product_id):
    return {
        "Product": _to("v1_products_retrieve", {"id_or_slug": product_id}),
        "AddToCart": _replacing(
            "v1_cart_items_create", {"product": product_id, "quantity": 1}, "Put one unit in the cart."
        ),
        "AddToWishlist": _replacing("v1_me_wishlist_create", {"product": product_id}, "Save it for later."),
        "Reviews": _to("v1_products_reviews_list", {"product_id": product_id}),
        "Review": _to("v1_products_reviews_create", {"product_id": product_id}),
        "EditMyReview": _to("v1_products_reviews_mine_update", {"product_id": product_id}),
    }


def _cart_links():
    lines = "$response.body#/lines/0/id"
    return {
        "ChangeLine": _to("v1_cart_items_partial_update", {"item_id": lines}, body={"quantity": 2}),
        "RemoveLine": _to("v1_cart_items_destroy", {"item_id": lines}),
        "ShippingMethods": _to("v1_shipping_methods_list", {"country": "US"}),
    }


def _address_links(address_id=ID):
    return {
        "Address": _to("v1_me_addresses_retrieve", {"address_id": address_id}),
        "EditAddress": _to("v1_me_addresses_partial_update", {"address_id": address_id}),
        "DeleteAddress": _to("v1_me_addresses_destroy", {"address_id": address_id}),
    }


def _card_links(card_id=ID):
    return {
        "DeleteCard": _to("v1_me_payment_methods_destroy", {"payment_method_id": card_id}),
        "MakeDefault": _to("v1_me_payment_methods_default_create", {"payment_method_id": card_id}),
    }


def _wishlist_links(product_id):
    return {
        "RemoveFromWishlist": _to("v1_me_wishlist_destroy", {"product_id": product_id}),
        **{name: link for name, link in _product_links(product_id).items() if name != "AddToWishlist"},
    }


def _review_links(review_id=ID):
    return {"Helpful": _to("v1_reviews_helpful_create", {"review_id": review_id})}


def _transfer_links(transfer_id=ID):
    return {
        f"{action.title()}Transfer": _to(f"v1_inventory_transfer_requests_{action}_create", {"id": transfer_id})
        for action in ("ship", "receive", "cancel")
    }


def _purchase_order_links(purchase_order_id=ID):
    actions = {f"{action.title()}PurchaseOrder": _to(f"v1_planning_purchase_orders_{action}_create", {
        "id": purchase_order_id
    }) for action in ("send", "receive", "close")}  # fmt: skip
    return {"PurchaseOrder": _to("v1_planning_purchase_orders_retrieve", {"id": purchase_order_id}), **actions}


# operationId → {status: {link name: link}}
LINKS = {
    "v1_products_list": {"200": _product_links(FIRST_RESULT_ID)},
    "v1_products_retrieve": {"200": {k: v for k, v in _product_links(ID).items() if k != "Product"}},
    "v1_cart_retrieve": {"200": _cart_links()},
    "v1_cart_items_create": {"201": _cart_links()},
    "v1_cart_items_partial_update": {"200": _cart_links()},
    "v1_shipping_methods_list": {
        "200": {
            "Checkout": _replacing(
                "v1_checkout_create",
                {"shipping_method": "$response.body#/0/id", "shipping_address": EXAMPLE_ADDRESS, "payment": TEST_CARD},
                "Place the cart's order with this method, a US address and the test card.",
            )
        }
    },
    "v1_checkout_create": {"201": _order_links()},
    "v1_orders_list": {"200": _order_links(FIRST_RESULT_ID)},
    "v1_orders_retrieve": {
        "200": {
            **_order_links(),
            "ReturnItems": _replacing(
                "v1_returns_create",
                {
                    "order": ID,
                    "items": [{"order_item": "$response.body#/items/0/id", "quantity": 1}],
                    "reason": "Does not fit",
                },
                "Ask to return one unit of a line (the order must be delivered).",
            ),
        }
    },
    **{f"v1_orders_{action}_create": {"200": _order_links()} for action in ("confirm", "process", "deliver")},
    "v1_orders_cancel_create": {"200": _order_links()},
    "v1_returns_create": {"201": _return_links()},
    "v1_returns_list": {"200": _return_links(FIRST_RESULT_ID)},
    **{f"v1_returns_{action}_create": {"200": _return_links()} for action in ("approve", "receive", "reject")},
    "v1_me_addresses_list": {"200": _address_links(FIRST_RESULT_ID)},
    "v1_me_addresses_create": {"201": _address_links()},
    "v1_me_addresses_partial_update": {"200": _address_links()},
    "v1_me_payment_methods_list": {"200": _card_links(FIRST_RESULT_ID)},
    "v1_me_payment_methods_create": {"201": _card_links()},
    "v1_me_wishlist_list": {"200": _wishlist_links("$response.body#/results/0/product/id")},
    "v1_me_wishlist_create": {"201": _wishlist_links("$response.body#/product/id")},
    "v1_products_reviews_list": {"200": _review_links(FIRST_RESULT_ID)},
    "v1_products_reviews_create": {"201": _review_links()},
    "v1_products_reviews_mine_update": {"200": _review_links()},
    "v1_inventory_transfer_requests_list": {"200": _transfer_links(FIRST_RESULT_ID)},
    "v1_inventory_transfer_requests_create": {"201": _transfer_links()},
    "v1_inventory_transfer_requests_ship_create": {"200": _transfer_links()},
    "v1_planning_purchase_orders_list": {"200": _purchase_order_links(FIRST_RESULT_ID)},
    "v1_planning_purchase_orders_create": {"201": _purchase_order_links()},
    "v1_planning_purchase_orders_send_create": {"200": _purchase_order_links()},
    "v1_planning_suggestions_draft_create": {"201": _purchase_order_links("$response.body#/0/id")},
    "v1_planning_suggestions_list": {
        "200": {"Forecast": _to("v1_planning_suggestions_forecast_retrieve", {"id": FIRST_RESULT_ID})}
    },
}


def add_links(result, generator, request, public):
    """Attach LINKS to the responses of the operations they start from (links to operations absent
    from this schema are left out)."""
    operations = [
        operation
        for path_item in result.get("paths", {}).values()
        for operation in path_item.values()
        if isinstance(operation, dict) and "operationId" in operation
    ]
    present = {operation["operationId"] for operation in operations}
    for operation in operations:
        for status, links in LINKS.get(operation["operationId"], {}).items():
            usable = {name: link for name, link in links.items() if link["operationId"] in present}
            operation["responses"][status].setdefault("links", {}).update(usable)
    return result
