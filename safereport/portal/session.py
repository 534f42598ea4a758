"""The victim's return session: which case this browser may see, for a short while.

Only the case's public id is kept, never the receipt code. The session cookie
(sr_portal) has no Expires and an idle limit (settings.PORTAL_SESSION_IDLE_SECONDS).
"""

from django.http import HttpRequest

from safereport.cases.models import Case

CASE_KEY = "portal_case"


def open_return_session(request: HttpRequest, case: Case) -> None:
    request.session.cycle_key()
    request.session[CASE_KEY] = str(case.public_id)


def case_of_session(request: HttpRequest) -> Case | None:
    public_id = request.session.get(CASE_KEY)
    if not public_id:
        return None
    return Case.objects.filter(public_id=public_id).select_related("care_centre").first()


def end_return_session(request: HttpRequest) -> None:
    request.session.flush()
