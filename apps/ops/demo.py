"""The demo data set: who and what a newcomer finds after `make run`."""

from django.db import transaction

from apps.accounts.models import User

DEMO_PASSWORD = "shopflow-demo"
DEMO_CUSTOMERS = [
    ("ada@example.com", "Ada", "Lovelace"),
    ("grace@example.com", "Grace", "Hopper"),
    ("alan@example.com", "Alan", "Turing"),
]


@transaction.atomic
def load_small(*, progress=lambda step: None) -> dict[str, int]:
    """Create the small demo set; running it again creates nothing twice."""
    created = 0
    for email, first_name, last_name in DEMO_CUSTOMERS:
        if not User.all_objects.filter(email__iexact=email).exists():
            User.objects.create_user(
                email, DEMO_PASSWORD, first_name=first_name, last_name=last_name, email_verified=True
            )
            created += 1
        progress(1)
    return {"customers": created}
