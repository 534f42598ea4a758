from django.http import HttpRequest

from safereport.accounts import policies


def staff_permissions(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if getattr(request, "front_end", "portal") != "staff" or user is None or not user.is_authenticated:
        return {"user_permissions": frozenset()}
    return {"user_permissions": {str(p) for p in policies.permissions_for_roles(user.roles)}}
