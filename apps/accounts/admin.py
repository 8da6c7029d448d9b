from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from import_export import resources

from apps.accounts.models import (
    Address,
    EmailVerificationToken,
    PasswordReset,
    SecurityEvent,
    User,
    UserPreference,
    UserSession,
)
from apps.accounts.services import soft_delete_user
from apps.core.admin import (
    CsvExportMixin,
    InternalAdminMixin,
    InternalReadOnlyAdmin,
    ReadOnlyAdmin,
    ReadOnlyTabularInline,
    SoftDeleteAdminMixin,
    SoftDeletedListFilter,
)


class AddressInline(ReadOnlyTabularInline):
    model = Address
    fields = ("address_type", "is_default", "first_name", "last_name", "address_line_1", "city", "country_code")


class UserSessionInline(InternalAdminMixin, ReadOnlyTabularInline):
    model = UserSession
    fields = ("created_at", "expires_at", "last_used_at", "revoked_at", "ip_address", "user_agent")


class UserResource(resources.ModelResource):
    class Meta:
        model = User
        fields = (
            "email", "first_name", "last_name", "role", "email_verified", "is_active", "order_count",
            "lifetime_spend", "last_order_at", "created_at",
        )  # fmt: skip
        export_order = fields


@admin.register(User)
class UserAdmin(CsvExportMixin, SoftDeleteAdminMixin, DjangoUserAdmin):
    ordering = ("-created_at",)
    list_display = ("email", "first_name", "last_name", "role", "email_verified", "is_staff", "is_active", "created_at")
    list_filter = ("role", "is_staff", "is_active", "email_verified", SoftDeletedListFilter)
    search_fields = ("email", "first_name", "last_name")
    date_hierarchy = "created_at"
    readonly_fields = ("created_at", "updated_at", "last_login", "deleted_at")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "role", "email_verified")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "created_at", "updated_at", "deleted_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),)
    inlines = [AddressInline, UserSessionInline]
    resource_classes = [UserResource]

    def soft_delete(self, obj):
        soft_delete_user(user=obj)


@admin.register(Address)
class AddressAdmin(ReadOnlyAdmin):
    list_display = ("user", "address_type", "is_default", "first_name", "last_name", "city", "country_code")
    list_filter = ("address_type", "is_default", "country_code")
    search_fields = ("user__email", "last_name", "postal_code", "city")
    list_select_related = ("user",)


@admin.register(UserSession)
class UserSessionAdmin(InternalReadOnlyAdmin):
    list_display = ("user", "created_at", "expires_at", "last_used_at", "revoked_at", "ip_address")
    list_filter = ("revoked_at",)
    search_fields = ("user__email", "ip_address")
    list_select_related = ("user",)
    exclude = ("refresh_token_hash",)


class OneTimeTokenAdmin(InternalReadOnlyAdmin):
    list_display = ("user", "created_at", "expires_at", "used_at")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    exclude = ("token_hash",)


admin.site.register(PasswordReset, OneTimeTokenAdmin)


@admin.register(EmailVerificationToken)
class EmailVerificationTokenAdmin(OneTimeTokenAdmin):
    list_display = ("user", "email", "created_at", "expires_at", "used_at")


@admin.register(SecurityEvent)
class SecurityEventAdmin(InternalReadOnlyAdmin):
    list_display = ("created_at", "kind", "user", "email", "ip_address")
    list_filter = ("kind",)
    search_fields = ("user__email", "email", "ip_address")
    list_select_related = ("user",)
    date_hierarchy = "created_at"


@admin.register(UserPreference)
class UserPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "language", "currency", "marketing_emails")
    list_filter = ("language", "currency", "marketing_emails")
    search_fields = ("user__email",)
    list_select_related = ("user",)
