"""Scheduled maintenance: purges remove what has expired and nothing else; health history, ANALYZE
and the bloat report are stored; each through its task on the real database."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core import mail
from django.utils import timezone

from apps.accounts.models import EmailVerificationToken, PasswordReset, UserSession
from apps.cart.models import Cart, CartItem
from apps.notifications.models import Notification
from apps.ops import tasks
from apps.ops.db_health import THRESHOLDS, Threshold
from apps.ops.models import HealthCheck, MaintenanceReport
from apps.ops.services import maintenance
from tests.factories import create_staff, create_user
from tests.model_factories import create_cart, create_cart_item

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = timedelta(days=1)


def backdate(obj, when):
    type(obj)._base_manager.filter(pk=obj.pk).update(updated_at=when)


def test_expired_sessions_and_spent_tokens_are_purged_and_live_ones_kept():
    user = create_user()
    live = UserSession.objects.create(user=user, refresh_token_hash="1" * 64, expires_at=NOW + DAY)
    # Revoked but not expired: kept, presenting it again is how a stolen token is caught.
    revoked = UserSession.objects.create(user=user, refresh_token_hash="2" * 64, expires_at=NOW + DAY, revoked_at=NOW)
    UserSession.objects.create(user=user, refresh_token_hash="3" * 64, expires_at=NOW - DAY)
    fresh_reset = PasswordReset.objects.create(user=user, token_hash="4" * 64, expires_at=NOW + DAY)
    PasswordReset.objects.create(user=user, token_hash="5" * 64, expires_at=NOW - DAY)
    PasswordReset.objects.create(user=user, token_hash="6" * 64, expires_at=NOW + DAY, used_at=NOW)
    fresh_check = EmailVerificationToken.objects.create(
        user=user, token_hash="7" * 64, expires_at=NOW + DAY, email=user.email
    )
    EmailVerificationToken.objects.create(user=user, token_hash="8" * 64, expires_at=NOW - DAY, email=user.email)

    assert tasks.purge_expired_tokens.delay().get() == {
        "user_sessions": 1,
        "password_resets": 2,
        "email_verification_tokens": 1,
    }
    assert set(UserSession.objects.all()) == {live, revoked}
    assert list(PasswordReset.objects.all()) == [fresh_reset]
    assert list(EmailVerificationToken.objects.all()) == [fresh_check]
    assert tasks.purge_expired_tokens.delay().get() == {
        "user_sessions": 0,
        "password_resets": 0,
        "email_verification_tokens": 0,
    }


def test_expired_django_sessions_are_purged_and_current_ones_kept():
    current, old = SessionStore(), SessionStore()
    current.create()
    old.create()
    Session.objects.filter(session_key=old.session_key).update(expire_date=NOW - DAY)

    assert tasks.purge_django_sessions.delay().get() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]


def test_guest_carts_idle_longer_than_the_setting_are_purged_with_their_lines(settings):
    settings.GUEST_CART_IDLE_DAYS = 30
    idle = create_cart()
    create_cart_item(idle)
    backdate(idle, NOW - 31 * DAY)
    CartItem.objects.filter(cart=idle).update(updated_at=NOW - 31 * DAY)
    empty_idle = create_cart()
    backdate(empty_idle, NOW - 31 * DAY)
    # An old cart whose line changed yesterday is in use.
    touched = create_cart()
    backdate(touched, NOW - 40 * DAY)
    create_cart_item(touched)
    recent = create_cart()
    backdate(recent, NOW - 29 * DAY)
    users_cart = create_cart(create_user())
    backdate(users_cart, NOW - 400 * DAY)

    assert tasks.purge_idle_guest_carts.delay().get() == 2
    assert set(Cart.objects.all()) == {touched, recent, users_cart}
    assert CartItem.objects.filter(cart_id=idle.pk).count() == 0


@pytest.fixture
def healthy(monkeypatch):
    """Thresholds no metric reaches, whatever this machine's disk and caches look like."""
    for name, threshold in THRESHOLDS.items():
        bound = -1 if not threshold.higher_is_worse else float("inf")
        monkeypatch.setitem(THRESHOLDS, name, Threshold(bound, bound, threshold.higher_is_worse))
    return monkeypatch


def test_health_is_recorded_every_run_and_staff_alerted_once_when_it_turns_critical(
    healthy, django_capture_on_commit_callbacks
):
    create_staff("ops@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.record_database_health.apply(task_id="health-1").get() == "ok"
        # Some connection is always open: over a critical level of 0 %.
        healthy.setitem(THRESHOLDS, "connection_usage", Threshold(warning=0, critical=0))
        assert tasks.record_database_health.apply(task_id="health-2").get() == "critical"
        assert tasks.record_database_health.apply(task_id="health-3").get() == "critical"
        assert tasks.record_database_health.apply(task_id="health-3").get() == "critical"

    assert list(HealthCheck.objects.order_by("created_at").values_list("state", flat=True)) == [
        "ok",
        "critical",
        "critical",
    ]
    assert [n.title for n in Notification.objects.all()] == ["Database health is critical: Connection usage"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.startswith("Connection usage: ")


def test_analyze_runs_on_the_busy_tables_and_is_reported():
    summary = tasks.analyze_busy_tables.apply(task_id="analyze-1").get()

    report = MaintenanceReport.objects.get(kind="analyze")
    assert summary == report.summary
    assert summary.startswith(f"ANALYZE of {len(maintenance.BUSY_TABLES)} busy tables in ")
    assert set(report.data["seconds"]) == set(maintenance.BUSY_TABLES)


def test_the_bloat_and_index_usage_report_lists_every_table_and_index():
    tasks.report_bloat_and_index_usage.apply(task_id="bloat-1").get()
    tasks.report_bloat_and_index_usage.apply(task_id="bloat-1").get()

    report = MaintenanceReport.objects.get(kind="bloat_index_usage")
    tables = {row["table"] for row in report.data["tables"]}
    indexes = {row["index"] for row in report.data["indexes"]}
    assert {"orders", "products", "carts"} <= tables
    assert {"orders_pkey", "idx_carts_session_id"} <= indexes
    assert "idx_carts_session_id" not in report.data["unused_indexes"]  # unique: it enforces a rule
    assert report.summary.endswith("non-unique index(es) never scanned")
