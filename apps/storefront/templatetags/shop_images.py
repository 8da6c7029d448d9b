from django import template

from apps.catalog.images import image_srcset

register = template.Library()


@register.filter
def srcset(url):
    """The WebP srcset of a stored product picture ("" for other urls: they get src alone)."""
    return image_srcset(url)
