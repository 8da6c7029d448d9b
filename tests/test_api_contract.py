"""The API against its own OpenAPI schema (schemathesis), in process through the WSGI app.

The schema is the live one served at /api/schema/. Each operation gets a few generated requests
(derandomised, so a run is repeatable) sent as a staff user with a real bearer token, and each answer
is checked for:

- ``not_a_server_error``: no 5xx, whatever the input;
- ``response_schema_conformance``: a body whose status code the schema documents matches that
  documented body (errors included: they must read as ErrorOutput).

``status_code_conformance`` is left out on purpose: generated ids point at nothing, so most
operations answer 404, and throttled endpoints 429, which not every operation documents; that a
status is *possible* is not what this test guards.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from apps.accounts.services import issue_tokens
from shopflow.wsgi import application
from tests.factories import create_staff

# The examples and fuzzing phases only: the coverage phase's hundreds of boundary cases per
# operation would take minutes. OPTIONS and unsupported methods are covered by tests/core.
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}}})
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Calling the WSGI app sends request_started/finished, which close the database connection, and
    the test's transaction with it; Django's test client disconnects them the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def staff_token(db):
    access, _ = issue_tokens(user=create_staff())
    return access


@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_every_operation_answers_without_server_errors_and_as_documented(case, staff_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {staff_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
