"""The relief links and reminders on the start page, and labels for relief pages.

The start page belongs to accounts, which must not import relief; it loads
these tags instead (as for the police and evidence apps).
"""

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from safereport.relief import datafiles, selectors
from safereport.relief.models import ClockKind, ItemStatus
from safereport.relief.policies import Stage

register = template.Library()

STAGES = {
    Stage.OVERDUE: _("Overdue"),
    Stage.DUE_TODAY: _("Due today"),
    Stage.WITHIN_1: _("Due tomorrow"),
    Stage.WITHIN_7: _("Within 7 days"),
    Stage.WITHIN_14: _("Within 14 days"),
    Stage.WITHIN_30: _("Within 30 days"),
    Stage.LATER: _("Later"),
}


@register.inclusion_tag("relief/_start.html", takes_context=True)
def relief_start_link(context: template.Context) -> dict[str, object]:
    return {}


@register.inclusion_tag("relief/_reminders.html", takes_context=True)
def relief_reminders(context: template.Context) -> dict[str, object]:
    user = context.get("user")
    return {"reminders": selectors.reminders_for(user, today=timezone.localdate()) if user is not None else []}


@register.simple_tag
def mechanism_name(mechanism: str) -> str:
    described = datafiles.procedure(mechanism)
    return described.name if described else mechanism


@register.simple_tag
def stage_label(stage: str) -> str:
    return str(STAGES.get(Stage(stage), ""))


@register.simple_tag
def clock_kind_label(kind: str) -> str:
    return str(ClockKind(kind).label) if kind in ClockKind.values else ""


@register.simple_tag
def item_status_label(status: str) -> str:
    return str(ItemStatus(status).label) if status in ItemStatus.values else ""


@register.simple_tag
def citation_language(kind: str, mechanism: str) -> str:
    """The language a clock's legal source is written in, for its `lang` mark (ADR 0036).

    A procedure's own deadline cites the law of the authority that receives
    the filing (data/relief `authority_language`); a certification law is a US
    statute, and a date the lawyer entered carries an English note: both English.
    """
    described = datafiles.procedure(mechanism) if kind == ClockKind.MECHANISM else None
    return described.authority_language if described is not None else "en"
