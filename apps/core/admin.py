"""Admin building blocks shared by every app.

Staff edit reference data (catalog, warehouses, shipping, coupons) directly. Rows that record what
happened (orders, payments, ledgers, sessions) are written only by services, so the admin shows them
read-only; changing them is an admin action that calls a service.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.template.response import TemplateResponse
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV

from apps.core.exceptions import DomainError

from .models import Heartbeat, OutboxTask
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


# The staff group that sees everything, internal tables included (created by backoffice's migration).
OWNER_GROUP = "Owner"


def is_owner(user):
    """Superuser or in the Owner group; asked once per request (the user object lives as long)."""
    if not hasattr(user, "_is_shopflow_owner"):
        user._is_shopflow_owner = (
            user.is_active and user.is_staff and (user.is_superuser or user.groups.filter(name=OWNER_GROUP).exists())
        )
    return user._is_shopflow_owner


class InternalAdminMixin:
    """A table of the shop's machinery (tokens, sessions, delivery logs): visible to the Owner only,
    whatever model permissions a group was given."""

    internal = True

    def has_module_permission(self, request):
        return is_owner(request.user)

    def has_view_permission(self, request, obj=None):
        return is_owner(request.user)


class InternalReadOnlyAdmin(InternalAdminMixin, ReadOnlyAdmin):
    pass


def apply_to_each(modeladmin, request, queryset, operation, *, done):
    """Run `operation(obj)` on every selected row (in primary-key order, so locks are taken in one
    order) inside one transaction: the first refusal undoes all of them and shows the service's
    message. On success shows `done(count)`. Returns True when everything was applied."""
    rows = list(queryset.order_by("pk"))
    try:
        with transaction.atomic():
            for obj in rows:
                operation(obj)
    except DomainError as error:
        modeladmin.message_user(request, error.message, messages.ERROR)
        return False
    modeladmin.message_user(request, done(len(rows)), messages.SUCCESS)
    return True


def apply_to_each_row(modeladmin, request, rows, operation, *, label=str, done):
    """Run `operation(obj)` on every row on its own (each in the service's own transaction): a refused
    row says why and the others still go through. One message per row, prefixed with `label(obj)`:
    `done`, or `done(outcome)` when it is callable, or the refusal's message (bare when it names the
    row already)."""
    for obj in rows:
        try:
            outcome = operation(obj)
        except DomainError as refusal:
            name = label(obj)
            message = refusal.message if name in refusal.message else f"{name}: {refusal.message}"
            modeladmin.message_user(request, message, messages.ERROR)
        else:
            modeladmin.message_user(
                request, f"{label(obj)}: {done(outcome) if callable(done) else done}", messages.SUCCESS
            )


def form_action(modeladmin, request, queryset, *, form_class, title, operation, done):
    """An admin action that asks for more (a reason, a warehouse) before it runs.

    The first post (from the changelist) shows `form_class` on an intermediate page with the
    selected rows; its submit runs `operation(obj, **cleaned_data)` through apply_to_each. An invalid
    form is shown again with its errors and nothing changes.
    """
    form = form_class(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        apply_to_each(modeladmin, request, queryset, lambda obj: operation(obj, **form.cleaned_data), done=done)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "rows": queryset,
        "action": request.POST["action"],
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/action_form.html", context)


class CsvExportMixin(ExportMixin):
    """An "Export" button on the list that downloads the rows the list's filters and search select,
    as CSV (django-import-export; the admin class names its resource_classes)."""

    export_formats = [CSV]
    skip_export_form = True


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


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    """When beat and a worker on each queue last showed they were alive (what /healthz/ready reads)."""

    list_display = ("name", "beat_at", "source")
    readonly_fields = ("name", "beat_at", "source")
    ordering = ("name",)
