"""What consent adds to the staff start page: safeguarding overrides waiting for this person's decision.

The start page belongs to the accounts app, which must not import consent
(the arrow points the other way). The page loads this tag instead, as the
case page loads the referrals panel.
"""

from collections.abc import Iterable

from django import template

from safereport.accounts.permissions import Role
from safereport.consent import rules, selectors
from safereport.core.categories import DataCategory

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


@register.filter
def category_names(keys: Iterable[str]) -> str:
    """Data categories as words in the staff language: "Account of what happened", not `incident_account`."""
    return ", ".join(str(DataCategory(k).label) if k in DataCategory.values else k for k in keys)


@register.filter
def ground_name(key: str) -> str:
    """A safeguarding ground's label from the data file, not its key."""
    found = rules.grounds().get(key)
    return found.label if found is not None else key


@register.filter
def role_name(key: str) -> str:
    """A role as words ("Case manager"), not its code."""
    return str(Role(key).label) if key in Role.values else key
