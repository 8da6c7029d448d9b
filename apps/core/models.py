"""Abstract base models every ShopFlow table builds on."""

import uuid

from django.contrib.postgres.functions import RandomUUID
from django.db import models
from django.db.models.functions import Now
from django.utils import timezone


class BaseModel(models.Model):
    """A UUID primary key and creation/update times.

    Defaults exist twice on purpose: in Python, so an instance knows its id before it is saved,
    and in the database, so rows inserted by SQL (the seeds' queries, COPY) get them too.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_default=Now(), editable=False)
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())

    class Meta:
        abstract = True


class SoftDeleteQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class SoftDeleteManager(models.Manager.from_queryset(SoftDeleteQuerySet)):
    """The default manager: rows with a deleted_at are hidden."""

    def get_queryset(self):
        return super().get_queryset().alive()


class SoftDeleteModel(BaseModel):
    """A row that is marked deleted rather than removed, so history keeps pointing at it.

    `objects` hides deleted rows; `all_objects` sees every row. Related-object access goes
    through `all_objects` (base manager), so an old order still reaches its deleted product.
    Deleting through a service (which also undoes the row's ties, e.g. cart lines) is the
    rule; `mark_deleted` only stamps the row.
    """

    deleted_at = models.DateTimeField(null=True, blank=True, db_comment="Set when soft-deleted; NULL while live")

    objects = SoftDeleteManager()
    all_objects = SoftDeleteQuerySet.as_manager()

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    def mark_deleted(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "updated_at"])


class AddressType(models.TextChoices):
    SHIPPING = "shipping", "Shipping"
    BILLING = "billing", "Billing"


class PostalAddress(models.Model):
    """Where a person receives parcels or bills: the fields of seed 003's user and order addresses."""

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    company = models.CharField(max_length=200, blank=True, default="")
    address_line_1 = models.CharField(max_length=255)
    address_line_2 = models.CharField(max_length=255, blank=True, default="")
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=100, blank=True, default="", db_comment="State, province or region code")
    postal_code = models.CharField(max_length=20)
    country_code = models.CharField(max_length=2, db_comment="ISO 3166-1 alpha-2, upper case")
    phone = models.CharField(max_length=30, blank=True, default="")

    class Meta:
        abstract = True


# The address fields in their natural order, for serializers, forms and bulk loads.
ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "address_line_1",
    "address_line_2",
    "city",
    "state",
    "postal_code",
    "country_code",
    "phone",
)


class OutboxTask(BaseModel):
    """A Celery task that could not reach the broker when it was sent (apps.core.outbox).

    Flushed, oldest first, by the core.flush_outbox task and `manage.py flush_outbox` once the
    broker answers again; a row leaves the table only when its message was accepted.
    """

    task_name = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(default=0, db_default=0)
    last_error = models.TextField(blank=True, default="", db_default="")

    class Meta:
        db_table = "task_outbox"
        db_table_comment = "Celery tasks kept while the broker was unreachable, sent when it is back"
        indexes = [models.Index(fields=["created_at"], name="idx_task_outbox_created")]

    def __str__(self):
        return f"{self.task_name}{tuple(self.args)}"


class Heartbeat(models.Model):
    """The last sign of life of a background process (apps.core.heartbeat): beat stamps "beat" as it
    schedules, a worker stamps "queue:<name>" when it runs that queue's heartbeat task. /healthz/ready
    reads their age from here, so it never has to ping a worker or wait on Redis."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, db_default=RandomUUID(), editable=False)
    name = models.CharField(max_length=100, unique=True, db_comment='"beat" or "queue:<Celery queue>"')
    beat_at = models.DateTimeField(db_comment="When the process last showed it was alive")
    source = models.CharField(
        max_length=255, blank=True, default="", db_default="", db_comment="The worker or host that stamped it"
    )

    class Meta:
        db_table = "heartbeats"
        db_table_comment = "Last sign of life of Celery beat and of a worker on each queue, read by /healthz/ready"

    def __str__(self):
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
