from django import template
from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def visitor_csrf(context):
    """The CSRF field of a form. On a shared (cached) page it is left empty: the token is personal,
    and visitor.js asks /visitor/ for it when the form is first submitted."""
    request = context["request"]
    if getattr(request, "shared_render", False):
        return mark_safe('<input type="hidden" name="csrfmiddlewaretoken" value="" data-visitor-csrf>')
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
