"""The API against its own OpenAPI schema (schemathesis), in process through the WSGI app.

The schema is the live one served at /api/schema/. Each operation gets a few generated requests
(derandomised, so a run is repeatable), sent once as a shopper and once as staff with a real bearer
token, and every answer goes through all of schemathesis's checks: no 5xx, only documented statuses,
bodies, headers and content types as documented, schema-violating input refused, schema-valid input
accepted, authentication enforced.

One allowance, in the config below: schema-valid input may still get a 400 (documented, in the error
format) when it breaks a rule a JSON schema cannot state: an id of an object that does not exist, an
address given neither inline nor by id, a password too weak, a token expired, a date range too long.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from apps.accounts.services import issue_tokens
from shopflow.wsgi import application
from tests.factories import create_staff, create_user

# The examples and fuzzing phases: the coverage phase's hundreds of boundary cases per operation and
# the stateful phase would take many minutes on the CI machine.
CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]}
        },
    }
)
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


@pytest.fixture(params=["shopper", "staff"])
def bearer_token(request, db):
    user = create_staff() if request.param == "staff" else create_user()
    access, _ = issue_tokens(user=user)
    return access


@schema.parametrize()
@settings(
    max_examples=5,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_every_operation_passes_every_check_as_shopper_and_as_staff(case, bearer_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {bearer_token}"})
