"""The evidence panel on the case page, and the links on the staff start page.

The case page belongs to cases and the start page to accounts, which must not
import evidence (the arrows point the other way); they load these tags.
"""

from django import template

from safereport.cases.models import Case
from safereport.evidence import selectors

register = template.Library()


@register.inclusion_tag("evidence/_case_panel.html", takes_context=True)
def evidence_panel(context: template.Context, case: Case) -> dict[str, object]:
    return {
        "case": case,
        "kits": selectors.kits_of_case(case=case),
        "user_permissions": context.get("user_permissions", ()),
    }


@register.inclusion_tag("evidence/_start_link.html", takes_context=True)
def evidence_start_link(context: template.Context) -> dict[str, object]:
    permissions = context.get("user_permissions") or ()
    user = context.get("user")
    show_centre = "evidence:kit:read" in permissions
    worklist = selectors.worklist_for(user) if show_centre and user is not None else None
    return {
        "show_centre": show_centre,
        "show_police": "evidence:kit:receive" in permissions,
        "count": worklist.count if worklist else 0,
        "alerts": len(worklist.freezer_alerts) if worklist else 0,
    }
