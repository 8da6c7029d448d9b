"""Staff edit an email template in the admin and see the mail it makes, with sample data."""

import pytest

from apps.notifications.models import EmailTemplate
from tests.factories import create_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_edit_a_template_and_see_its_preview(page, screenshot):
    create_user("boss@example.com", password="an unusual passphrase", is_staff=True, is_superuser=True)
    template, _ = EmailTemplate.objects.update_or_create(
        key="order_shipped",
        defaults={
            "subject": "{{ title }}",
            "body_text": "Hello {{ user.first_name }},\n\n{{ body }}",
            "body_html": '{% extends "notifications/email_base.html" %}{% block action %}Track it{% endblock %}',
        },
    )
    page.goto(f"/admin/notifications/emailtemplate/{template.pk}/change/")
    page.get_by_label("Email").fill("boss@example.com")
    page.get_by_label("Password").fill("an unusual passphrase")
    page.get_by_role("button", name="Log in").click()

    page.get_by_label("Subject").fill("On its way: {{ data.tracking_number }}")
    with page.expect_navigation():
        page.locator('input[name="_continue"]').focus()  # as staff who tab through the form
        page.keyboard.press("Enter")

    preview = page.locator(".email-preview")
    assert "Subject: On its way: 1Z999AA10123456784" in preview.inner_text()
    frame = page.frame_locator(".email-preview iframe")
    assert frame.get_by_text("Your order SF-2026-000123 is on its way.").is_visible()
    screenshot(page, "admin-email-template")
