"""The registry's pieces on other apps' pages (they sit above or beside partners and load these tags).

    {% load partner_tags %}
    {% recipient_name organisation centre %}   the name the person is told, in their language, isolated
    {% partners_start_link %}                  the staff start page's link to the register, with what waits
"""

from collections.abc import Collection

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from safereport.accounts.models import Organisation
from safereport.accounts.permissions import Permission
from safereport.partners import selectors

register = template.Library()


@register.simple_tag
def recipient_name(organisation: Organisation | None, centre: Organisation | None) -> SafeString:
    """How the centre names this organisation to the person (the partnership's public name), else its own name."""
    if organisation is None:
        return format_html("")
    name = selectors.public_name_between(care_centre=centre, organisation=organisation)
    if name.is_fallback:
        return format_html('<bdi lang="{}" dir="{}">{}</bdi>', name.language, name.direction, name.value)
    return format_html("<bdi>{}</bdi>", name.value)


@register.inclusion_tag("partners/_start_link.html", takes_context=True)
def partners_start_link(context: template.Context) -> dict[str, object]:
    user = context.get("user")
    permissions: Collection[str] = context.get("user_permissions") or ()
    shown = str(Permission.PARTNERS_REGISTER_READ) in permissions
    return {
        "shown": shown,
        "waiting": selectors.pending_count(user) if shown and user is not None else 0,
        "may_approve": str(Permission.PARTNERS_PARTNERSHIP_APPROVE) in permissions,
    }
