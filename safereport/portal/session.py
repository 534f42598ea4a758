"""The victim's return session: which case this browser may see, for a short while.

Only the case's public id is kept, never the receipt code. The session cookie
(sr_portal) has no Expires and an idle limit (settings.PORTAL_SESSION_IDLE_SECONDS).
"""

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

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


def redirect_to_come_back() -> HttpResponse:
    return redirect(f"{reverse('portal:come_back')}?ended=1")


def with_return_session(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages that belong to one person's record: the view gets that `case`.

    Without a live return session (never opened, idle too long, ended, or the
    record erased) the person is asked for their code again; nothing of the
    record is shown.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        case = case_of_session(request)
        if case is None:
            return redirect_to_come_back()
        return view(request, case, *args, **kwargs)

    return wrapper
