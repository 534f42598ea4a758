"""Every view says who may use it; the AccessPolicyMiddleware refuses any that does not.

    @public_view                      anyone, signed in or not (portal pages, staff login)
    @signed_in_view                   any staff member who passed password + TOTP
    @requires(Permission.CASE_READ)   staff whose roles grant that permission
    @requires(..., recent_auth=True)  ... and who re-entered password + TOTP lately
    @unverified_staff_view            signed in with a password, TOTP not yet done
                                      (only the TOTP set-up and check pages)

Object-level rules (assigned worker, same organisation) are not here: they live
in each app's selectors, which 404 for outsiders.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])

ACCESS_ATTRIBUTE = "safereport_access"


class Audience(Enum):
    PUBLIC = "public"
    UNVERIFIED_STAFF = "unverified_staff"
    SIGNED_IN = "signed_in"
    PERMISSION = "permission"


@dataclass(frozen=True)
class AccessRule:
    audience: Audience
    permission: str | None = None
    recent_auth: bool = False
    # For views of one case: someone whose role can never see cases gets 404,
    # as if the case did not exist, and the attempt is audited on the case.
    hide_case_from_outsiders: bool = False


def _mark(rule: AccessRule) -> Callable[[ViewFunc], ViewFunc]:
    def decorate(view: ViewFunc) -> ViewFunc:
        setattr(view, ACCESS_ATTRIBUTE, rule)
        return view

    return decorate


def public_view(view: ViewFunc) -> ViewFunc:
    return _mark(AccessRule(Audience.PUBLIC))(view)


def unverified_staff_view(view: ViewFunc) -> ViewFunc:
    return _mark(AccessRule(Audience.UNVERIFIED_STAFF))(view)


def signed_in_view(view: ViewFunc) -> ViewFunc:
    return _mark(AccessRule(Audience.SIGNED_IN))(view)


def requires(
    permission: str, *, recent_auth: bool = False, hide_case_from_outsiders: bool = False
) -> Callable[[ViewFunc], ViewFunc]:
    return _mark(
        AccessRule(
            Audience.PERMISSION,
            permission=str(permission),
            recent_auth=recent_auth,
            hide_case_from_outsiders=hide_case_from_outsiders,
        )
    )


def access_rule_of(view: Callable[..., Any]) -> AccessRule | None:
    """The declared rule, looking through class-based views' as_view() wrappers."""
    rule = getattr(view, ACCESS_ATTRIBUTE, None)
    if rule is None and hasattr(view, "view_class"):
        rule = getattr(view.view_class, ACCESS_ATTRIBUTE, None)
    return rule
