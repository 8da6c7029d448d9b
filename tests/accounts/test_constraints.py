"""Every constraint of the accounts tables refuses a row written past Django's validation."""

import pytest

from tests.factories import create_address, create_user
from tests.model_factories import refused_by, write

pytestmark = pytest.mark.django_db


def second_default_address():
    user = create_user()
    create_address(user, is_default=True)
    create_address(user, is_default=True)


VIOLATIONS = {
    "users_email_ci_key": lambda: (create_user("Ann@example.com"), create_user("ann@example.com")),
    "users_role_check": lambda: write(create_user(), role="owner"),
    "user_addresses_one_default_per_type": second_default_address,
    "user_addresses_type_check": lambda: write(create_address(create_user()), address_type="office"),
    "user_addresses_country_code_check": lambda: write(create_address(create_user()), country_code="us"),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()


def test_a_default_address_of_each_type_is_allowed():
    user = create_user()
    create_address(user, address_type="shipping", is_default=True)
    create_address(user, address_type="billing", is_default=True)
    create_address(user, address_type="shipping", is_default=False)

    assert user.addresses.filter(is_default=True).count() == 2
