from django import forms
from django.contrib import admin
from django.template import TemplateSyntaxError
from django.utils.html import escape, format_html

from apps.core.admin import TIMESTAMPS, ReadOnlyAdmin
from apps.notifications.events import Event
from apps.notifications.models import DeliveryLog, EmailTemplate, Notification, NotificationPreference
from apps.notifications.rendering import TemplateSource, render, template_error
from apps.notifications.samples import sample_context
from apps.notifications.services import resend_failed


class EmailTemplateForm(forms.ModelForm):
    """Refuses a template that does not compile or fails with the event's sample context."""

    key = forms.ChoiceField(choices=Event.choices)

    class Meta:
        model = EmailTemplate
        fields = ("key", "subject", "body_text", "body_html", "is_active")

    def clean(self):
        cleaned = super().clean()
        key = cleaned.get("key") or self.instance.key
        if key:
            context = sample_context(key)
            for field in ("subject", "body_text", "body_html"):
                error = template_error(cleaned.get(field) or "", context)
                if error:
                    self.add_error(field, f"This template does not render: {error}")
        return cleaned


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    """The mails in use. Edits apply to the next mail sent; the preview renders the saved version."""

    form = EmailTemplateForm
    list_display = ("key", "subject", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("key", "subject")
    readonly_fields = ("preview", *TIMESTAMPS)
    fields = ("key", "subject", "body_text", "body_html", "is_active", "preview", *TIMESTAMPS)

    def get_readonly_fields(self, request, obj=None):
        # The key names the event: changing it would orphan the event's template.
        return ("key", *self.readonly_fields) if obj else self.readonly_fields

    @admin.display(description="Preview with sample data")
    def preview(self, obj):
        if obj is None or obj.pk is None:
            return "Save the template to see it rendered with sample data."
        try:
            mail = render(TemplateSource(obj.subject, obj.body_text, obj.body_html), sample_context(obj.key))
        except TemplateSyntaxError as error:
            return f"This template does not render: {error}"
        html = (
            format_html(
                '<iframe sandbox="" srcdoc="{}" title="HTML preview" '
                'style="width:640px;max-width:100%;height:420px;border:1px solid #ccc;background:#fff"></iframe>',
                escape(mail.html),
            )
            if mail.html
            else "(no HTML part: the mail is sent as plain text)"
        )
        return format_html(
            '<div class="email-preview"><p><strong>Subject:</strong> {}</p>'
            '<pre style="white-space:pre-wrap;max-width:640px">{}</pre>{}</div>',
            # Rendered templates come back marked safe: escape them, they are shown, not run.
            escape(mail.subject),
            escape(mail.text),
            html,
        )


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "channel", "title", "read_at", "created_at")
    list_filter = ("channel", "kind")
    search_fields = ("user__email", "title")
    list_select_related = ("user",)


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "channel", "enabled")
    list_filter = ("channel", "enabled")
    search_fields = ("user__email", "kind")
    list_select_related = ("user",)


@admin.register(DeliveryLog)
class DeliveryLogAdmin(ReadOnlyAdmin):
    list_display = ("recipient", "kind", "subject", "status", "attempts", "error", "sent_at", "created_at")
    list_filter = ("status", "kind", "channel")
    search_fields = ("recipient", "subject")
    fields = (
        "kind",
        "channel",
        "recipient",
        "subject",
        "status",
        "attempts",
        "error",
        "sent_at",
        "body_text",
        "notification",
        *TIMESTAMPS,
    )
    readonly_fields = fields
    actions = ["resend"]

    @admin.action(description="Send the selected failed mails again")
    def resend(self, request, queryset):
        queued = resend_failed(log_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{queued} failed mail(s) queued again; mails already sent are not resent.")
