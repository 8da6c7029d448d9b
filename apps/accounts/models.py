from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower

from apps.core.fields import MoneyField
from apps.core.models import AddressType, BaseModel, PostalAddress, SoftDeleteModel, SoftDeleteQuerySet


class UserQuerySet(SoftDeleteQuerySet):
    def customers(self):
        return self.filter(role=User.Role.CUSTOMER)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    """Live users only; email is the login and matches whatever its case."""

    use_in_migrations = True

    def get_queryset(self):
        return super().get_queryset().alive()

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)

    def _create_user(self, email, password, **fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        fields.setdefault("role", User.Role.ADMIN)
        return self._create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin, SoftDeleteModel):
    """A customer, merchant or administrator account (seed 003 `users`)."""

    class Role(models.TextChoices):
        CUSTOMER = "customer", "Customer"
        MERCHANT = "merchant", "Merchant"
        ADMIN = "admin", "Admin"

    email = models.EmailField(max_length=255, unique=True, db_comment="Login; unique whatever its letter case")
    password = models.CharField(max_length=255, db_column="password_hash", db_comment="Argon2 hash")
    first_name = models.CharField(max_length=100, blank=True, default="")
    last_name = models.CharField(max_length=100, blank=True, default="")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CUSTOMER, db_default=Role.CUSTOMER)
    email_verified = models.BooleanField(default=False, db_default=False)
    is_active = models.BooleanField(default=True, db_default=True, db_comment="False blocks sign-in")
    is_staff = models.BooleanField(default=False, db_default=False, db_comment="May use the admin")
    lifetime_spend = MoneyField(default=0, db_default=0, db_comment="Sum of paid order totals less refunds (trigger)")
    order_count = models.PositiveIntegerField(default=0, db_default=0, db_comment="Number of paid orders (trigger)")
    last_order_at = models.DateTimeField(
        null=True, blank=True, db_comment="When the latest paid order was placed (trigger)"
    )

    objects = UserManager()
    all_objects = UserQuerySet.as_manager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        db_table = "users"
        db_table_comment = "User accounts for customers, merchants, and administrators"
        base_manager_name = "all_objects"
        constraints = [
            # unique=True gives the seed's users_email_key; this one refuses the same address in
            # another letter case.
            models.UniqueConstraint(Lower("email"), name="users_email_ci_key"),
            models.CheckConstraint(
                condition=models.Q(role__in=["customer", "merchant", "admin"]), name="users_role_check"
            ),
        ]
        indexes = [
            models.Index(fields=["email"], name="idx_users_email", condition=models.Q(deleted_at__isnull=True)),
            models.Index(fields=["role"], name="idx_users_role", condition=models.Q(deleted_at__isnull=True)),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name


class Address(BaseModel, PostalAddress):
    """A saved shipping or billing address; one default per user and type."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="addresses")
    address_type = models.CharField(max_length=10, choices=AddressType.choices, default=AddressType.SHIPPING)
    is_default = models.BooleanField(default=False, db_default=False)

    class Meta:
        db_table = "user_addresses"
        db_table_comment = "Saved shipping and billing addresses of users"
        verbose_name_plural = "addresses"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "address_type"],
                condition=models.Q(is_default=True),
                name="user_addresses_one_default_per_type",
            ),
            models.CheckConstraint(
                condition=models.Q(address_type__in=AddressType.values), name="user_addresses_type_check"
            ),
            models.CheckConstraint(
                condition=models.Q(country_code__regex=r"^[A-Z]{2}$"), name="user_addresses_country_code_check"
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}, {self.address_line_1}, {self.city} ({self.address_type})"


class UserSession(BaseModel):
    """A refresh token of the API, stored only as its SHA-256 hash."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    refresh_token_hash = models.CharField(max_length=64, unique=True, db_comment="SHA-256 hex of the refresh token")
    user_agent = models.CharField(max_length=255, blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, db_comment="Set by rotation, logout or password change")

    class Meta:
        db_table = "user_sessions"
        db_table_comment = "Active API refresh tokens (hashes only)"
        indexes = [models.Index(fields=["user", "expires_at"], name="idx_user_sessions_user_expiry")]

    def __str__(self):
        return f"session of {self.user} until {self.expires_at:%Y-%m-%d}"


class OneTimeToken(BaseModel):
    """A single-use secret mailed to a user, kept only as its hash."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, db_comment="SHA-256 hex of the token")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name} for {self.user}"


class PasswordReset(OneTimeToken):
    class Meta:
        db_table = "password_resets"
        db_table_comment = "Password reset tokens (hashes only); removed once used or expired"


class EmailVerificationToken(OneTimeToken):
    email = models.EmailField(max_length=255, db_comment="The address being verified")

    class Meta:
        db_table = "email_verification_tokens"
        db_table_comment = "Email verification tokens (hashes only)"


class SecurityEvent(BaseModel):
    """Sign-ins, failures, password and role changes: what a security review asks for."""

    class Kind(models.TextChoices):
        LOGIN = "login", "Signed in"
        LOGIN_FAILED = "login_failed", "Failed sign-in"
        LOCKED_OUT = "locked_out", "Sign-in locked out"
        LOGOUT = "logout", "Signed out"
        PASSWORD_CHANGED = "password_changed", "Password changed"
        PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
        EMAIL_VERIFIED = "email_verified", "Email verified"
        TOKEN_REVOKED = "token_revoked", "Tokens revoked"
        ROLE_CHANGED = "role_changed", "Role changed"

    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="security_events")
    kind = models.CharField(max_length=40, choices=Kind.choices)
    email = models.CharField(max_length=255, blank=True, default="", db_comment="Address tried, for failed sign-ins")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True, default="")
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "security_audit_events"
        db_table_comment = "Security-relevant account events"
        indexes = [models.Index(fields=["user", "-created_at"], name="idx_security_events_user")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.email or self.user_id})"


class UserPreference(BaseModel):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="preferences")
    language = models.CharField(max_length=10, default="en")
    currency = models.CharField(max_length=3, default="USD")
    marketing_emails = models.BooleanField(default=False)

    class Meta:
        db_table = "user_preferences"
        db_table_comment = "Per-user settings (language, currency, marketing consent)"

    def __str__(self):
        return f"preferences of {self.user}"
