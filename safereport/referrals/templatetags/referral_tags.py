"""The referrals panel on the case page.

The case page belongs to the cases app, which must not import referrals (the
arrow points the other way: referrals use cases). The page loads this tag
instead, so the panel's data and form come from here.
"""

from django import template

from safereport.cases.models import Case
from safereport.referrals import forms, selectors

register = template.Library()


@register.inclusion_tag("referrals/_case_panel.html", takes_context=True)
def referrals_panel(context: template.Context, case: Case) -> dict[str, object]:
    return {
        "case": case,
        "referrals": selectors.referrals_of(case=case),
        "referral_form": forms.ReferralForm(jurisdiction=case.care_centre.jurisdiction),
        "user_permissions": context.get("user_permissions", ()),
        "csrf_token": context.get("csrf_token"),
    }
