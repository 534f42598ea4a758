from django import template
from django.template.context import Context
from django.urls import translate_url

from safereport.core.languages import language_label

register = template.Library()


@register.simple_tag(takes_context=True)
def same_page_in(context: Context, language_code: str) -> str:
    """This page's address in another language (the language lives in the path)."""
    request = context.get("request")
    if request is None:
        return f"/{language_code}/"
    translated = translate_url(request.path, language_code)
    return translated if translated != request.path or request.path.startswith(f"/{language_code}/") else f"/{language_code}/"


@register.filter
def language_name(code: str) -> str:
    """A language code as its name ("العربية (Arabic)"), never the bare code (issue 13 §12)."""
    return language_label(code) or code if code else ""
