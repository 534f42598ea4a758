"""The person's own view of their record, in the portal, after they entered their receipt code.

My consents (give, take back), what was shared, who opened my record, a copy
of my data (page and PDF), a private note sealed under my own code, and
removing my record. Every page needs the return session; the sealed note and
removal need the code typed again, because it is not kept.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.audit.actors import Actor
from safereport.cases.models import Case
from safereport.consent import selectors, services
from safereport.consent.models import Channel, Decision, Understanding
from safereport.consent.purposes import RECIPIENT_KINDS
from safereport.core import throttle
from safereport.core.access import public_view
from safereport.evidence import selectors as evidence_selectors
from safereport.partners.selectors import Partner
from safereport.police import selectors as police_selectors
from safereport.portal import forms, session, throttles
from safereport.portal.session import with_return_session
from safereport.relief import selectors as relief_selectors

# The newest entries on the overview; the full history is in the copy of my data.
HISTORY_SHOWN = 200


def _recipients(case: Case) -> dict[str, list[Partner]]:
    return selectors.partners_by_purpose(case, purposes=[value for value, _label in forms.PORTAL_PURPOSES])


def _overview_context(case: Case, **extra: object) -> dict[str, object]:
    context = {
        "case": case,
        "consents": selectors.consents_for_victim(case),
        "shared": selectors.shared_for_victim(case),
        "told_overrides": selectors.overrides_told_to_victim(case),
        "history": selectors.access_history_for_victim(case, limit=HISTORY_SHOWN),
        "form": forms.PortalConsentForm(recipients=_recipients(case)),
        "has_evidence": evidence_selectors.person_has_kits(case),
        "has_procedure": relief_selectors.person_has_procedure(case),
    }
    context.update(extra)
    return context


@public_view
@require_GET
@with_return_session
def overview(request: HttpRequest, case: Case) -> HttpResponse:
    return render(request, "portal/mine/overview.html", _overview_context(case))


@public_view
@require_POST
@with_return_session
def give(request: HttpRequest, case: Case) -> HttpResponse:
    form = forms.PortalConsentForm(request.POST, recipients=_recipients(case))
    if form.is_valid():
        purpose = form.cleaned_data["purpose"]
        # "The police" means the partners named on the page the person read,
        # one consent each; a partner that comes later is asked for again (ADR 0014).
        try:
            services.consent_record_for_partners(
                case=case,
                categories=form.cleaned_data["categories"],
                purpose=purpose,
                decision=Decision.GIVEN,
                kinds=RECIPIENT_KINDS[purpose],
                shown=form.shown_for(purpose),
                understanding=Understanding.SELF_SERVICE,
                channel=Channel.PORTAL,
                language=get_language() or "",
            )
        except services.ConsentError:
            # The page is drawn again from the partners as they are now.
            form.add_error(
                None,
                _("The list of organisations changed while you were reading. Nothing was recorded. Please read it again."),
            )
        else:
            return redirect("mine:overview")
    return render(request, "portal/mine/overview.html", _overview_context(case, form=form), status=400)


@public_view
@require_POST
@with_return_session
def withdraw(request: HttpRequest, case: Case) -> HttpResponse:
    if request.POST.get("all") == "1":
        services.consent_withdraw_all(case=case)
        return redirect("mine:overview")
    event = selectors.consent_of_case(case=case, consent_id=request.POST.get("consent", ""))
    if event is not None:
        services.consent_record(
            case=case,
            categories=[event.category],
            purpose=event.purpose,
            decision=Decision.WITHDRAWN,
            understanding=Understanding.SELF_SERVICE,
            channel=Channel.PORTAL,
            recipient_organisation=event.recipient_organisation,
            recipient_kind=event.recipient_kind,
        )
    return redirect("mine:overview")


def _copy_context(case: Case, *, downloaded: bool) -> dict[str, object]:
    return {"case": case, **services.own_data_copy_give(case=case, downloaded=downloaded)}


@public_view
@require_GET
@with_return_session
def download(request: HttpRequest, case: Case) -> HttpResponse:
    return render(request, "portal/mine/copy.html", _copy_context(case, downloaded=False))


@public_view
@require_GET
@with_return_session
def download_pdf(request: HttpRequest, case: Case) -> HttpResponse:
    from weasyprint import HTML

    def no_fetch(url: str, *args, **kwargs):
        raise ValueError("no external resources in a PDF")

    html = render_to_string("portal/mine/copy_pdf.html", _copy_context(case, downloaded=True), request=request)
    response = HttpResponse(HTML(string=html, url_fetcher=no_fetch).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="copy.pdf"'
    return response


def _code_ok(request: HttpRequest, form: forms.CodeForm, case: Case) -> bool:
    if not form.is_valid():
        return False
    typed = form.cleaned_data["code"]
    # The same global budget as the code page: a budget per case would let whoever
    # holds the open session (on a shared phone) lock the holder out of their own record.
    if not throttle.spend(throttles.CODE_CHECKS):
        form.add_error(None, throttles.CODE_CHECKS_BUSY)
        return False
    if not selectors.code_matches(case=case, typed_code=typed):
        form.add_error("code", _("This is not the code of this record. Please check the numbers."))
        return False
    return True


@public_view
@require_http_methods(["GET", "POST"])
@with_return_session
def sealed(request: HttpRequest, case: Case) -> HttpResponse:
    exists = selectors.compartment_exists(case=case)
    action = request.POST.get("action", "")
    record_form = forms.SealedRecordForm(request.POST if action == "record" else None)
    code_form = forms.CodeForm(request.POST if action in {"read", "unlock", "delete"} else None)
    shown, done = None, ""
    if action == "record" and _code_ok(request, record_form, case):
        services.compartment_record(case=case, typed_code=record_form.cleaned_data["code"], text=record_form.cleaned_data["text"])
        return redirect("mine:sealed")
    if action in {"read", "unlock", "delete"} and exists and _code_ok(request, code_form, case):
        code = code_form.cleaned_data["code"]
        if action == "read":
            shown = selectors.compartment_read_for_victim(case=case, typed_code=code)
        elif action == "unlock":
            services.compartment_unlock(case=case, typed_code=code)
            done = "unlocked"
        else:
            services.compartment_delete(case=case)
            return redirect("mine:sealed")
    status = 400 if request.method == "POST" and (record_form.errors or code_form.errors) else 200
    return render(
        request,
        "portal/mine/sealed.html",
        {"exists": exists, "record_form": record_form, "code_form": code_form, "shown": shown, "done": done,
         "minutes": services.UNLOCK_MINUTES},
        status=status,
    )


@public_view
@require_http_methods(["GET", "POST"])
@with_return_session
def erase(request: HttpRequest, case: Case) -> HttpResponse:
    preview = selectors.erasure_preview_for_victim(case)
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and request.POST.get("confirm") == "yes" and _code_ok(request, form, case):
        services.case_erase(case=case, requested_by="victim", actor=Actor.victim())
        session.mark_record_gone(request)
        return render(request, "portal/mine/erased.html", {"preview": preview})
    return render(
        request,
        "portal/mine/erase.html",
        {"preview": preview, "form": form, "kits": evidence_selectors.erasure_preview_for_person(case)},
        status=400 if request.method == "POST" else 200,
    )


@public_view
@require_GET
@with_return_session
def police_talks(request: HttpRequest, case: Case) -> HttpResponse:
    """Informal talks with the police the centre booked for the person, the police's answer, and what each choice means."""
    return render(
        request,
        "portal/mine/talk.html",
        {
            "consultations": police_selectors.consultations_for_person(case),
            "reports": police_selectors.reports_for_person(case),
            "outcomes": police_selectors.outcomes_for_person(case),
            "options": police_selectors.options_for(case.care_centre.jurisdiction),
        },
    )


@public_view
@require_GET
@with_return_session
def steps(request: HttpRequest, case: Case) -> HttpResponse:
    """The person's residence-rights procedures: which, the next step, the next date (ADR 0033)."""
    from django.utils import timezone

    return render(
        request,
        "portal/mine/steps.html",
        {"procedures": relief_selectors.for_person(case, today=timezone.localdate()), "language": get_language()},
    )
