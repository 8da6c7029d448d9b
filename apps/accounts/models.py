from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower

from apps.core.models import SoftDeleteModel, SoftDeleteQuerySet


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
