"""What the OpenAPI schema states beyond drf-spectacular's defaults (apps/core/api/schema.py,
shopflow/api_links.py): the statuses, the input limits and the links between operations."""

import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _operation(schema, path, method):
    return schema["paths"][f"/api/v1/{path}"][method]


def _parameter(operation, name):
    return next(parameter for parameter in operation["parameters"] if parameter["name"] == name)


def test_every_throttled_operation_documents_429(schema):
    for path in ("auth/login/", "auth/verify-email/", "auth/password-reset/", "checkout/"):
        assert "429" in _operation(schema, path, "post")["responses"], path
    assert "429" not in _operation(schema, "me/", "get")["responses"]


def test_an_empty_optional_filter_is_documented_as_not_given_but_an_empty_page_is_not(schema):
    orders = _operation(schema, "orders/", "get")
    assert _parameter(orders, "status")["allowEmptyValue"] is True
    assert _parameter(orders, "page")["allowEmptyValue"] is False


def test_lists_text_and_filters_carry_their_limits(schema):
    components = schema["components"]["schemas"]
    assert components["ReturnInputRequest"]["properties"]["items"] | {"items": None} == {
        "type": "array",
        "items": None,
        "minItems": 1,
        "maxItems": 200,
    }
    assert components["ReviewInputRequest"]["properties"]["content"]["maxLength"] == 5000
    quantity = components["PurchaseOrderLineInputRequest"]["properties"]["quantity"]
    assert (quantity["minimum"], quantity["maximum"]) == (1, 1_000_000)
    products = _operation(schema, "products/", "get")
    assert _parameter(products, "search")["schema"]["maxLength"] == 200
    assert _parameter(products, "min_price")["schema"] | {"type": None} == {
        "type": None,
        "minimum": 0,
        "maximum": 9_999_999_999,
    }
    key = _parameter(_operation(schema, "checkout/", "post"), "Idempotency-Key")["schema"]
    assert (key["minLength"], key["maxLength"]) == (1, 67)


def test_links_lead_from_the_cart_to_checkout_and_from_an_order_to_the_staff_operations(schema):
    shipping = _operation(schema, "shipping-methods/", "get")["responses"]["200"]["links"]
    checkout = shipping["Checkout"]
    assert checkout["operationId"] == "v1_checkout_create"
    assert checkout["requestBody"]["shipping_method"] == "$response.body#/0/id"
    placed = _operation(schema, "checkout/", "post")["responses"]["201"]["links"]
    assert {name: link["operationId"] for name, link in placed.items()} == {
        "Order": "v1_orders_retrieve",
        "CancelOrder": "v1_orders_cancel_create",
        "OrderDocuments": "v1_orders_documents_list",
        "StaffConfirm": "v1_orders_confirm_create",
        "StaffProcess": "v1_orders_process_create",
        "StaffShip": "v1_orders_ship_create",
        "StaffDeliver": "v1_orders_deliver_create",
        "StaffNotes": "v1_orders_notes_create",
        "StaffRefund": "v1_orders_refund_create",
        "StaffShipments": "v1_orders_shipments_list",
    }
    assert placed["StaffShip"]["parameters"] == {"id": "$response.body#/id"}


def test_every_link_names_an_operation_and_parameters_it_has(schema):
    operations = {
        operation["operationId"]: operation
        for path_item in schema["paths"].values()
        for operation in path_item.values()
    }
    links = [
        link
        for operation in operations.values()
        for response in operation["responses"].values()
        for link in response.get("links", {}).values()
    ]
    assert len(links) > 100
    for link in links:
        target = operations[link["operationId"]]
        names = {parameter["name"] for parameter in target.get("parameters", [])}
        assert set(link.get("parameters", {})) <= names, link


def _as_json_schema(node):
    """OpenAPI 3.0's `nullable` spelt as JSON Schema, and references into a registry document."""
    if isinstance(node, list):
        return [_as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    if "$ref" in node:
        node["$ref"] = "urn:schema" + node["$ref"]
    return node


def test_every_example_matches_the_schema_it_illustrates(schema):
    document = _as_json_schema(json.loads(json.dumps(schema)))
    registry = Registry().with_resource("urn:schema", Resource(contents=document, specification=DRAFT202012))
    checked = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            bodies = [operation.get("requestBody", {}), *operation["responses"].values()]
            for body in bodies:
                media = body.get("content", {}).get("application/json", {})
                validator = Draft202012Validator(media.get("schema", {}), registry=registry)
                for name, example in media.get("examples", {}).items():
                    checked.append(name)
                    errors = [error.message for error in validator.iter_errors(example["value"])]
                    assert errors == [], f"{method.upper()} {path} example {name}"
    assert len(checked) > 30
