"""The police panel on the case page and the police links on the start page.

The case page belongs to cases and the start page to accounts, which must not
import the police app; the pages load these tags instead (as for referrals).
"""

from django import template

from safereport.cases.models import Case
from safereport.police import selectors

register = template.Library()


@register.inclusion_tag("police/_case_panel.html", takes_context=True)
def police_panel(context: template.Context, case: Case) -> dict[str, object]:
    return {
        "case": case,
        "consultations": selectors.consultations_of(case),
        "reports": selectors.reports_of(case),
        "user_permissions": context.get("user_permissions", ()),
    }


@register.inclusion_tag("police/_start_links.html", takes_context=True)
def police_start_links(context: template.Context) -> dict[str, object]:
    return {"user_permissions": context.get("user_permissions", ())}
