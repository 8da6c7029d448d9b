"""Turning a template source and a context into a mail, with Django's template language.

Subject and text are rendered without HTML escaping (they are plain text); the HTML part with it.
The database template is the one in use (`selectors.template_source`); the files under
templates/notifications/<event>.subject.txt, .txt and .html are the fallback and the seed.
"""

from dataclasses import dataclass

from django.template import Context, Template, TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template

SUBJECT_MAX_LENGTH = 200
FILE_SUFFIXES = (".subject.txt", ".txt", ".html")


@dataclass(frozen=True)
class TemplateSource:
    subject: str
    text: str
    html: str = ""


@dataclass(frozen=True)
class RenderedMail:
    subject: str
    text: str
    html: str


def file_source(key) -> TemplateSource:
    """The fallback template of an event, read from templates/notifications/; empty parts when absent."""
    return TemplateSource(*(_read(f"notifications/{key}{suffix}") for suffix in FILE_SUFFIXES))


def _read(name):
    try:
        return get_template(name).template.source
    except TemplateDoesNotExist:
        return ""


RENDER_ERRORS = (TemplateSyntaxError, TemplateDoesNotExist)


def render(source: TemplateSource, context: dict) -> RenderedMail:
    """Render all three parts; raises TemplateSyntaxError when a part does not compile."""
    subject = Template(source.subject).render(Context(context, autoescape=False))
    text = Template(source.text).render(Context(context, autoescape=False))
    html = Template(source.html).render(Context(context)) if source.html.strip() else ""
    # A subject is one line: newlines in a header would be refused by the mail library.
    return RenderedMail(subject=" ".join(subject.split())[:SUBJECT_MAX_LENGTH], text=text.strip() + "\n", html=html)


def template_error(source: str, context: dict) -> str | None:
    """Why one template part does not render with `context` (the admin refuses it), or None."""
    try:
        Template(source).render(Context(context))
    except RENDER_ERRORS as error:
        return str(error) if isinstance(error, TemplateSyntaxError) else f"Template not found: {error}"
    return None
