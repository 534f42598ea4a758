"""The materials link on the staff start page (accounts sits below materials, so materials contributes it).

    {% load materials_tags %}
    {% materials_start_link %}
"""

from collections.abc import Collection

from django import template

from safereport.accounts.permissions import Permission

register = template.Library()


@register.inclusion_tag("materials/_start_link.html", takes_context=True)
def materials_start_link(context: template.Context) -> dict[str, object]:
    permissions: Collection[str] = context.get("user_permissions") or ()
    return {"shown": str(Permission.MATERIALS_CATALOGUE_READ) in permissions}
