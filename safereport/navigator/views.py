"""Navigator pages: the victim's questions and answers, and the professional view.

The victim view keeps nothing. Answers arrive by POST (so they never sit in
an address, the browser history or a server log line), are turned into a
Situation, explained, rendered and dropped. No session, no cookie, no
database, no audit, no log. The form is exempt from CSRF on purpose: it
changes nothing on the server, and a CSRF token would need a cookie before the
person has chosen to start anything (DESIGN.md §3.8). A forged cross-site POST
could only show someone a page of general legal information.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from safereport.accounts.permissions import Permission
from safereport.core.access import public_view, requires
from safereport.navigator import selectors
from safereport.navigator.forms import SituationForm
from safereport.navigator.knowledge import default


def _language() -> str:
    return (get_language() or "en").split("-")[0]


@public_view
@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def victim(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SituationForm(request.POST)
        if form.is_valid():
            context = selectors.explanation_for(
                form.situation_value(), language=_language(), counted_from=form.cleaned_data.get("counted_from")
            )
            return render(request, "navigator/victim_results.html", {**context, "form": form})
    else:
        form = SituationForm()
    return render(request, "navigator/victim_questions.html", {"form": form})


def _professional_context(request: HttpRequest) -> dict:
    form = SituationForm(request.GET if "jurisdiction" in request.GET else None)
    context = {"form": form, "discrepancies": sorted(default().discrepancies.values(), key=lambda d: int(d["id"][1:]))}
    if form.is_bound and form.is_valid():
        context.update(
            selectors.explanation_for(form.situation_value(), language="en", counted_from=form.cleaned_data.get("counted_from"))
        )
        situation = form.situation_value()
        context["comparison"] = selectors.comparison(
            role=situation.role, crimes=situation.crimes, perpetrator=situation.perpetrator,
            status=situation.status, gender=situation.gender,
        )
    return context


@public_view
@never_cache
@require_GET
def professional(request: HttpRequest) -> HttpResponse:
    """Full detail for NGOs, lawyers and policy makers. GET, so a situation can be shared as a link."""
    return render(request, "navigator/professional.html", _professional_context(request))


@requires(Permission.NAVIGATOR_DETAIL_READ)
@never_cache
@require_GET
def staff_professional(request: HttpRequest) -> HttpResponse:
    return render(request, "navigator/staff_professional.html", _professional_context(request))
