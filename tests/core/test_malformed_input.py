"""Every malformed input gets a 4xx in the right format and changes nothing (apps.core.input)."""

import json

# ruff: noqa: F811
import pytest

from apps.accounts.models import User
from apps.inventory.models import StockMovement
from tests.factories import create_product, create_stock, create_warehouse
from tests.staff_api import V1, staff, staff_api  # noqa: F401

pytestmark = pytest.mark.django_db


def _assert_api_error(response, status, code):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize("path", ["/search/?q=a%00b", "/p/a%00b/", "/account/orders/SF%00/", "/search/?q%00=a"])
def test_a_nul_byte_in_a_storefront_path_or_query_is_a_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "NUL byte" in response.content.decode()


@pytest.mark.parametrize("path", [f"{V1}/products/a%00b/", f"{V1}/products/?search=a%00b"])
def test_a_nul_byte_under_the_api_is_a_400_in_its_format(client, path):
    _assert_api_error(client.get(path), 400, "invalid")


def test_a_nul_byte_in_a_form_is_refused_and_signs_nobody_up(client):
    response = client.post(
        "/accounts/signup/", {"email": "ada@example.com", "password": "pass\x00word phrase", "first_name": "Ada"}
    )
    assert response.status_code == 400
    assert not User.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        '{"email": "ada@example.com", "password": "a long passphrase", "first_name": "\\ud800"}',
        '{"email": "ada@example.com", "password": "a long passphrase", "first_name": "A\\u0000da"}',
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 40 + "1" + "}" * 40,
    ],
    ids=["lone surrogate", "nul escape", "100000 deep", "40 deep"],
)
def test_bad_json_is_a_400_in_the_api_format_and_registers_nobody(client, body):
    response = client.post(f"{V1}/auth/register/", body, content_type="application/json")
    _assert_api_error(response, 400, "parse_error")
    assert not User.objects.exists()


def test_a_body_over_the_upload_limit_is_a_413_in_the_api_format(client, settings):
    body = json.dumps({"email": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    _assert_api_error(client.post(f"{V1}/auth/login/", body, content_type="application/json"), 413, "too_large")


def test_a_staff_stock_adjustment_of_two_to_the_31st_is_a_400_naming_the_field(staff_api):
    mug, warehouse = create_product(name="Mug"), create_warehouse(code="EU-1")
    create_stock(mug, warehouse=warehouse, on_hand=10)
    response = staff_api.post(
        f"{V1}/inventory/adjustments/",
        {"warehouse": str(warehouse.pk), "product": str(mug.pk), "delta": 2**31, "reason": "Typo"},
    )
    _assert_api_error(response, 400, "invalid")
    assert response.json()["error"]["fields"] == {"delta": ["Ensure this value is less than or equal to 1000000."]}
    assert not StockMovement.objects.exists()


def test_unknown_paths_and_wrong_methods_answer_in_the_api_format(client):
    _assert_api_error(client.get(f"{V1}/no-such-thing/"), 404, "not_found")
    _assert_api_error(client.delete(f"{V1}/products/"), 405, "method_not_allowed")
