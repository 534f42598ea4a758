"""The victim's return session: which case this browser may see, for a short while.

Only the case's public id is kept, never the receipt code. The session cookie
(sr_portal) has no Expires and an idle limit (settings.PORTAL_SESSION_IDLE_SECONDS).
After the person erases their record the session keeps only a mark that the
record is gone (no id), so coming back to their pages says so plainly.
"""

import functools
from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from safereport.cases.models import Case
from safereport.portal import wording

CASE_KEY = "portal_case"
GONE_KEY = "portal_record_gone"


def open_return_session(request: HttpRequest, case: Case) -> None:
    request.session.cycle_key()
    request.session.pop(GONE_KEY, None)
    request.session[CASE_KEY] = str(case.public_id)
    wording.remember_holder(request, case.care_centre)


def case_of_session(request: HttpRequest) -> Case | None:
    public_id = request.session.get(CASE_KEY)
    if not public_id:
        return None
    case = Case.objects.filter(public_id=public_id).select_related("care_centre").first()
    if case is not None:
        wording.remember_holder(request, case.care_centre)
    return case


def end_return_session(request: HttpRequest) -> None:
    request.session.flush()


def mark_record_gone(request: HttpRequest) -> None:
    """The record of this session no longer exists: forget its id, remember only that."""
    request.session.flush()
    request.session[GONE_KEY] = True


def record_gone(request: HttpRequest) -> bool:
    """Once case_of_session() found nothing: did this session name a record that is gone?

    An idle or ended session is emptied, so it names none and is not "gone".
    """
    return bool(request.session.get(GONE_KEY) or request.session.get(CASE_KEY))


def record_gone_page(request: HttpRequest) -> HttpResponse:
    # Neutral: it says neither who removed the record nor when.
    return render(request, "portal/record_gone.html", status=410)


def redirect_to_come_back() -> HttpResponse:
    return redirect(f"{reverse('portal:come_back')}?ended=1")


def with_return_session(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages that belong to one person's record: the view gets that `case`.

    Without a live return session (never opened, idle too long, ended) the
    person is asked for their code again; if the session's record was erased,
    they are told it no longer exists. Nothing of the record is shown.
    """

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        case = case_of_session(request)
        if case is None:
            if record_gone(request):
                mark_record_gone(request)
                return record_gone_page(request)
            return redirect_to_come_back()
        return view(request, case, *args, **kwargs)

    return wrapper


def centre_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For pages of what only a care centre does (visits, evidence, talks with the police, the
    sealed note its staff may unlock): a record a municipal desk holds has none of them, so the
    page does not exist for it (ADR 0037) rather than promise what the desk cannot give.
    Goes below @with_return_session, which hands it the case."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, case: Case, *args: object, **kwargs: object) -> HttpResponse:
        if wording.is_desk(case.care_centre):
            raise Http404
        return view(request, case, *args, **kwargs)

    return wrapper
