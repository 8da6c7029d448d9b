import pytest
from django.contrib.auth.models import Group
from django.test import Client

from apps.backoffice.services import sync_roles
from tests.factories import create_staff


@pytest.fixture(autouse=True)
def staff_roles(db):
    """The role groups as the migration made them (a transactional test elsewhere may have emptied them)."""
    sync_roles()


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
