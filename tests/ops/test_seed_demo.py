import pytest
from django.core.management import call_command

from apps.accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent():
    call_command("seed_demo", "--size", "small", verbosity=0)
    count = User.objects.count()

    call_command("seed_demo", "--size", "small", verbosity=0)

    assert count > 0
    assert User.objects.count() == count
