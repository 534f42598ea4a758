"""The training links on the staff start page (accounts sits below training, so training contributes them).

    {% load training_tags %}
    {% training_start_links %}
"""

from collections.abc import Collection, Mapping
from typing import Any

from django import template

from safereport.accounts.permissions import Permission

register = template.Library()


@register.inclusion_tag("training/_start_links.html", takes_context=True)
def training_start_links(context: template.Context) -> dict[str, object]:
    permissions: Collection[str] = context.get("user_permissions") or ()
    return {
        "plays": str(Permission.TRAINING_SCENARIO_PLAY) in permissions,
        "reads_scenarios": str(Permission.TRAINING_SCENARIO_READ) in permissions,
        "follows_trainees": str(Permission.TRAINING_PROGRESS_READ) in permissions,
    }


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    return mapping.get(key)
