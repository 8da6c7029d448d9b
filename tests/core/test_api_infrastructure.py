import re
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.urls("tests.core.api_urls")
def test_permission_denied_answers_403_in_the_error_format(api):
    response = api.get("/api/test/forbidden/")
    assert response.status_code == 403
    assert response.json() == {
        "error": {
            "code": "permission_denied",
            "message": "You do not have permission to perform this action.",
            "fields": {},
        }
    }


@pytest.mark.urls("tests.core.api_urls")
@pytest.mark.parametrize(
    ("kind", "status", "error"),
    [
        ("plain", 400, {"code": "invalid", "message": "Nope.", "fields": {"quantity": ["Too many."]}}),
        ("coupon", 409, {"code": "coupon_limit_reached", "message": "This coupon has been used up.", "fields": {}}),
        ("stock", 400, {"code": "negative_stock", "message": "Stock would go negative.", "fields": {}}),
    ],
)
def test_domain_errors_answer_with_their_status_and_code(api, kind, status, error):
    response = api.get(f"/api/test/refused/{kind}/")
    assert (response.status_code, response.json()) == (status, {"error": error})


def test_conflicts_and_declined_payments_have_their_own_statuses():
    from apps.cart.exceptions import OutOfStock as CartOutOfStock
    from apps.checkout.exceptions import OutOfStock as CheckoutOutOfStock
    from apps.checkout.exceptions import PaymentDeclined
    from apps.inventory.exceptions import OutOfStock as InventoryOutOfStock

    assert [CartOutOfStock.http_status, CheckoutOutOfStock.http_status, InventoryOutOfStock.http_status] == [409] * 3
    assert PaymentDeclined.http_status == 402


def test_a_wrong_method_answers_405_in_the_error_format(api):
    response = api.get("/api/v1/auth/login/")
    assert response.status_code == 405
    assert response.json()["error"] == {
        "code": "method_not_allowed",
        "message": 'Method "GET" not allowed.',
        "fields": {},
    }
    assert response["Allow"] == "POST, OPTIONS"


def test_an_unknown_api_url_answers_404_in_the_error_format_and_other_urls_get_the_page(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Not found.", "fields": {}}}
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


def test_a_server_error_under_api_answers_in_the_error_format(rf):
    from apps.core.api.views import server_error

    response = server_error(rf.get("/api/v1/me/"))
    assert response.status_code == 500
    assert response.content == b'{"error": {"code": "server_error", "message": "Server error.", "fields": {}}}'


def test_the_api_root_lists_the_resources(api):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    assert response.json()["me"] == "http://testserver/api/v1/me/"
    assert response.json()["addresses"] == "http://testserver/api/v1/me/addresses/"


def test_an_unchanged_api_root_answers_304_to_its_etag(api):
    first = api.get("/api/v1/")
    etag = first["ETag"]
    again = api.get("/api/v1/", HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    assert api.get("/api/v1/", HTTP_IF_NONE_MATCH='"stale"').status_code == 200


@pytest.mark.urls("tests.core.api_urls")
def test_a_read_with_last_modified_answers_304_when_not_modified_since(api):
    response = api.get("/api/test/catalog/")
    assert response["Last-Modified"] == "Fri, 02 Jan 2026 03:04:05 GMT"
    since = api.get("/api/test/catalog/", HTTP_IF_MODIFIED_SINCE="Fri, 02 Jan 2026 03:04:05 GMT")
    assert since.status_code == 304
    older = api.get("/api/test/catalog/", HTTP_IF_MODIFIED_SINCE="Thu, 01 Jan 2026 00:00:00 GMT")
    assert older.status_code == 200


def test_the_openapi_schema_generates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target), stdout=StringIO())
    schema = target.read_text()
    assert "/api/v1/auth/login/:" in schema
    assert "bearerAuth" in schema


def test_the_schema_and_the_docs_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger-ui-bundle.js" in html
    # Pages work offline: every script, stylesheet and icon comes from this server.
    assert re.findall(r"""(?:src|href)\s*=\s*["']https?://""", html) == []
    assert "cdn.jsdelivr" not in html
