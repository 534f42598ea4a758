from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safereport.accounts.permissions import Permission
from safereport.audit.actors import Actor
from safereport.audit.services import record
from safereport.cases import selectors
from safereport.core.access import requires


@requires(Permission.CASES_CASE_LIST)
def case_list(request: HttpRequest) -> HttpResponse:
    cases = selectors.cases_visible_to(request.user).order_by("-created_at")[:200]
    return render(request, "cases/case_list.html", {"cases": cases})


@requires(Permission.CASES_CASE_READ)
def case_detail(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = selectors.case_get_for(actor=request.user, case_id=case_id)
    record("cases:case:opened", actor=Actor.staff(request.user), subject=f"case:{case.public_id}", case_ref=str(case.public_id))
    return render(request, "cases/case_detail.html", {"case": case})
