import pytest
from django.contrib.auth.models import Group
from django.test import Client

from tests.factories import create_staff


def staff_client(role):
    """A logged-in admin client for a member of staff in the group `role` (a migration made the groups)."""
    user = create_staff(email=f"{role.lower().replace(' ', '.')}@shopflow.test")
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def as_role():
    return staff_client
