"""The statistics link on the staff start page (accounts sits below stats, so stats contributes it).

    {% load stats_tags %}
    {% stats_start_link %}
"""

from collections.abc import Collection

from django import template

from safereport.accounts.permissions import Permission

register = template.Library()


@register.inclusion_tag("stats/_start_link.html", takes_context=True)
def stats_start_link(context: template.Context) -> dict[str, object]:
    permissions: Collection[str] = context.get("user_permissions") or ()
    return {
        "shown": str(Permission.STATS_DASHBOARD_READ) in permissions,
        "every_centre": str(Permission.STATS_ALL_CENTRES_READ) in permissions,
        "compare": str(Permission.STATS_OVERSIGHT_READ) in permissions,
    }
