"""Every constraint of the ops tables refuses a row written past Django's validation."""

import pytest
from django.utils import timezone

from apps.ops.models import Backup
from tests.model_factories import refused_by

pytestmark = pytest.mark.django_db


def backup(**fields):
    return Backup.objects.create(started_at=timezone.now(), **fields)


VIOLATIONS = {
    "backups_status_check": lambda: backup(status="lost"),
    "backups_size_non_negative": lambda: backup(size_bytes=-1),
}


@pytest.mark.parametrize("constraint", VIOLATIONS)
def test_the_database_refuses_a_row_that_breaks(constraint):
    with refused_by(constraint):
        VIOLATIONS[constraint]()
