"""The email templates' admin: edits are checked, and the page previews the mail with sample data."""

import pytest
from django.core import mail

from apps.notifications.models import DeliveryLog, EmailTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    template, _ = EmailTemplate.objects.update_or_create(
        key="order_shipped",
        defaults={
            "subject": "{{ title }}",
            "body_text": "Hello {{ user.first_name }},\n\n{{ body }} Tracking: {{ data.tracking_number }}",
            "body_html": "<p>{{ body }} <b>{{ data.tracking_number }}</b></p>",
        },
    )
    return template


def url(template):
    return f"/admin/notifications/emailtemplate/{template.pk}/change/"


def test_the_change_page_previews_the_mail_rendered_with_sample_data(admin_client, template):
    response = admin_client.get(url(template))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<strong>Subject:</strong> Order shipped: SF-2026-000123" in page
    assert "Hello Ada,\n\nYour order SF-2026-000123 is on its way. Tracking: 1Z999AA10123456784" in page
    # The HTML part is shown in a sandboxed frame, escaped into its srcdoc.
    assert 'srcdoc="&lt;p&gt;Your order SF-2026-000123 is on its way. &lt;b&gt;1Z999AA10123456784' in page


def test_an_edit_changes_the_preview(admin_client, template):
    response = admin_client.post(
        url(template),
        {"subject": "Shipped! {{ data.carrier }}", "body_text": "On its way.", "body_html": "", "is_active": "on"},
    )

    assert response.status_code == 302
    page = admin_client.get(url(template)).content.decode()
    assert "<strong>Subject:</strong> Shipped! UPS" in page
    assert "(no HTML part: the mail is sent as plain text)" in page


def test_a_template_that_does_not_compile_is_refused_and_nothing_changes(admin_client, template):
    response = admin_client.post(
        url(template), {"subject": "{% if title %}Oops", "body_text": "{{ body|nosuchfilter }}", "is_active": "on"}
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["subject"][0].startswith("This template does not render: Unclosed tag")
    assert errors["body_text"][0] == "This template does not render: Invalid filter: 'nosuchfilter'"
    template.refresh_from_db()
    assert template.subject == "{{ title }}"


def test_a_new_template_is_for_a_known_event(admin_client):
    response = admin_client.post(
        "/admin/notifications/emailtemplate/add/",
        {"key": "newsletter", "subject": "Hi", "body_text": "Hi", "is_active": "on"},
    )

    assert response.status_code == 200
    assert "newsletter is not one of the available choices" in response.content.decode()
    assert not EmailTemplate.objects.filter(key="newsletter").exists()


def test_staff_send_failed_mails_again_and_sent_ones_are_not_resent(admin_client, django_capture_on_commit_callbacks):
    failed = DeliveryLog.objects.create(
        kind="order_shipped",
        channel="email",
        recipient="ada@example.com",
        subject="Shipped",
        body_text="On its way.",
        status="failed",
        attempts=6,
        error="SMTPServerDisconnected: Connection unexpectedly closed",
    )
    sent = DeliveryLog.objects.create(
        kind="order_shipped", channel="email", recipient="bob@example.com", subject="Shipped", status="sent", attempts=1
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/notifications/deliverylog/",
            {"action": "resend", "_selected_action": [str(failed.pk), str(sent.pk)]},
            follow=True,
        )

    assert "1 failed mail(s) queued again; mails already sent are not resent." in response.content.decode()
    assert [m.to for m in mail.outbox] == [["ada@example.com"]]
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == ("sent", 7)
