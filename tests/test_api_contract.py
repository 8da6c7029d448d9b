"""The API against its own OpenAPI schema (schemathesis), in process through the WSGI app.

The schema is the live one served at /api/schema/. Everything runs twice, as a shopper and as a
member of staff (the Owner role of apps/backoffice/roles.py), each with a real bearer token, and
every answer goes through all of schemathesis's checks: no 5xx, only documented statuses, bodies,
headers and content types as documented, schema-violating input refused, schema-valid input
accepted, authentication enforced, and (stateful) a deleted resource gone, a created one readable.

- Each operation alone: its examples, the coverage phase's boundary cases (every limit the schema
  states, just inside and just outside), then generated requests (derandomised, so a run is
  repeatable).
- The stateful phase: journeys that follow the schema's links (shopflow/api_links.py) from answer
  to request: a product from the catalog into the cart, the cart to checkout, the order to its
  documents, its cancel and every staff operation on it, a return through approval and refund.

How many: API_CONTRACT_EXAMPLES generated requests per operation (default 5) and
API_CONTRACT_SCENARIOS journeys of up to API_CONTRACT_STEPS requests (defaults 30 and 10); raise them
for a deeper local run, e.g. `API_CONTRACT_EXAMPLES=100 API_CONTRACT_SCENARIOS=500 pytest
tests/test_api_contract.py`.

One allowance, in the config below: schema-valid input may still get a 400 (documented, in the error
format) when it breaks a rule a JSON schema cannot state: an id of an object that does not exist, an
address given neither inline nor by id, a password too weak, a token expired, a date range too long,
an order not yet delivered for a return; or a 409 for a state change the object's state refuses.
"""

import os

import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.generation.stateful.state_machine import DEFAULT_STATE_MACHINE_SETTINGS

from apps.accounts.services import issue_tokens
from apps.backoffice.services import sync_roles
from apps.cart.services import add_item, get_or_create_user_cart
from shopflow.wsgi import application
from tests.checkout.factories import checkout, create_stocked_product
from tests.conftest import empty_the_cache
from tests.factories import create_shipping_method, create_staff, create_user

EXAMPLES = int(os.environ.get("API_CONTRACT_EXAMPLES", "5"))
SCENARIOS = int(os.environ.get("API_CONTRACT_SCENARIOS", "30"))
STEPS = int(os.environ.get("API_CONTRACT_STEPS", "10"))

# The stateful phase generates valid requests only: its journeys are about what follows from what;
# invalid input is what each operation's coverage and fuzzing phases send. Its links are the schema's
# own (shopflow/api_links.py), not guessed from field names.
CONFIG = schemathesis.Config.from_dict(
    {
        "phases": {
            "stateful": {
                "max-steps": STEPS,
                "generation": {"mode": "positive"},
                "inference": {"algorithms": []},
            },
        },
        "checks": {
            "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]}
        },
    }
)
schema = schemathesis.openapi.from_wsgi("/api/schema/", application, config=CONFIG)
HYPOTHESIS = {"derandomize": True, "deadline": None, "suppress_health_check": list(HealthCheck)}


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
def user(request, db):
    if request.param == "shopper":
        return create_user()
    sync_roles()  # the groups as the migration made them (a transactional test may have emptied them)
    staff = create_staff()
    staff.groups.add(Group.objects.get(name="Owner"))
    return staff


@pytest.fixture
def bearer_token(user):
    access, _ = issue_tokens(user=user)
    return access


@pytest.fixture
def shop(db):
    """Something to buy and a way to ship it to the US, so journeys can reach checkout and beyond."""
    method = create_shipping_method(price="5.00", countries=("US",))
    return method, [create_stocked_product(on_hand=100_000, price="25.00", name=name) for name in ("Tee", "Mug")]


@schema.parametrize()
@settings(max_examples=EXAMPLES, **HYPOTHESIS)
@pytest.mark.django_db
def test_every_operation_passes_every_check_as_shopper_and_as_staff(case, bearer_token):
    case.call_and_validate(headers={"Authorization": f"Bearer {bearer_token}"})


@pytest.mark.django_db
def test_journeys_along_the_schema_links_pass_every_check_as_shopper_and_as_staff(shop, user, bearer_token):
    method, (tee, mug) = shop

    class Journeys(schema.as_state_machine()):
        def setup(self):
            """Each journey starts from the same shop, where a shopper often is: an order just placed
            (the orders list links to it, its cancel and every staff operation on it) and a Tee and a
            Mug in the cart (the cart links to its lines, shipping methods and checkout).

            The same shop each time, or Hypothesis finds a journey's choices leading elsewhere than
            they did before and stops (FlakyStrategyDefinition): what a journey changes is rolled
            back to a savepoint, and the rate-limit counters it spent are forgotten."""
            self.journey = transaction.atomic()
            self.journey.__enter__()
            cart = get_or_create_user_cart(user=user)
            add_item(cart=cart, product=mug)
            checkout(cart, method=method, customer_email=user.email, user=user)
            for product in (tee, mug):
                add_item(cart=get_or_create_user_cart(user=user), product=product)

        def teardown(self):
            transaction.set_rollback(True)
            self.journey.__exit__(None, None, None)
            empty_the_cache()

        def get_call_kwargs(self, case):
            return {"headers": {"Authorization": f"Bearer {bearer_token}"}}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            # As case.call_and_validate does: the checks learn that the token was given, not
            # generated, so they probe with it removed or spoiled rather than call it a forgery.
            case.validate_response(
                response,
                additional_checks=additional_checks,
                headers=kwargs["headers"],
                transport_kwargs=kwargs,
                recorder=self.recorder,
            )

    # Generation only (schemathesis's default for journeys): replaying one to shrink or explain it
    # would meet a shop that has moved on.
    journeys = settings(DEFAULT_STATE_MACHINE_SETTINGS, max_examples=SCENARIOS, stateful_step_count=STEPS)
    Journeys.run(settings=settings(journeys, derandomize=True))
