"""Admin building blocks shared by every app.

Staff edit reference data (catalog, warehouses, shipping, coupons) directly. Rows that record what
happened (orders, payments, ledgers, sessions) are written only by services, so the admin shows them
read-only; changing them is an admin action that calls a service.
"""

from django.contrib import admin, messages

from .models import OutboxTask
from .outbox import flush_outbox

TIMESTAMPS = ("created_at", "updated_at")


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """A record written by services; staff may look, not touch."""

    readonly_fields = TIMESTAMPS


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    readonly_fields = TIMESTAMPS
    show_change_link = True


class SoftDeletedListFilter(admin.SimpleListFilter):
    """Live or deleted rows; with no choice made the list shows both (staff still need deleted ones)."""

    title = "deleted"
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", "Live"), ("yes", "Deleted")]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(deleted_at__isnull=self.value() == "no")
        return queryset


class SoftDeleteAdminMixin:
    """Deleting in the admin calls the model's soft-delete service; the row stays, so nothing cascades.

    Deleted rows stay listed (with the deleted filter): orders and reviews still point at them.
    """

    def soft_delete(self, obj):
        raise NotImplementedError("An admin with soft delete names the service that does it.")

    def get_queryset(self, request):
        queryset = self.model._base_manager.all()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_deleted_objects(self, objs, request):
        objs = list(objs)
        return [str(obj) for obj in objs], {self.model._meta.verbose_name_plural: len(objs)}, set(), []

    def delete_model(self, request, obj):
        self.soft_delete(obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.soft_delete(obj)


@admin.register(OutboxTask)
class OutboxTaskAdmin(ReadOnlyAdmin):
    """Tasks kept while the broker was down; "Send kept tasks now" flushes them (apps.core.outbox)."""

    list_display = ("task_name", "created_at", "attempts", "last_error")
    list_filter = ("task_name",)
    actions = ["send_now"]

    @admin.action(description="Send kept tasks now")
    def send_now(self, request, queryset):
        sent = flush_outbox()
        left = OutboxTask.objects.count()
        level = messages.SUCCESS if not left else messages.WARNING
        self.message_user(request, f"{sent} task(s) sent, {left} still kept.", level)
