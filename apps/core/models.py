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
