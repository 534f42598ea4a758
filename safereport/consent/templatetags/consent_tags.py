"""What consent adds to the staff start page: safeguarding overrides waiting for this person's decision.

The start page belongs to the accounts app, which must not import consent
(the arrow points the other way). The page loads this tag instead, as the
case page loads the referrals panel.
"""

from django import template

from safereport.consent import selectors

register = template.Library()


@register.inclusion_tag("consent/_awaiting_decision.html", takes_context=True)
def overrides_awaiting_decision(context: template.Context) -> dict[str, object]:
    user = context.get("user")
    awaiting = list(selectors.overrides_awaiting(user)) if user is not None and user.is_authenticated else []
    return {"awaiting": awaiting}


@register.inclusion_tag("consent/_case_link.html", takes_context=True)
def consent_link(context: template.Context, case: object) -> dict[str, object]:
    """The case page's way to consent and sharing (cases must not import consent)."""
    return {"case": case, "user_permissions": context.get("user_permissions", ())}
