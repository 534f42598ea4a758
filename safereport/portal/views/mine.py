"""The person's own view of their record, in the portal, after they entered their receipt code.

My consents (give, take back), what was shared, who opened my record, a copy
of my data (page and PDF), a private note sealed under my own code, and
removing my record. Every page needs the return session; the sealed note and
removal need the code typed again, because it is not kept.
"""

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.audit.actors import Actor
from safereport.cases.models import AppointmentKind, Case
from safereport.consent import selectors, services
from safereport.consent.models import Channel, Decision, Understanding
from safereport.consent.purposes import RECIPIENT_KINDS, Purpose
from safereport.core import bidi, throttle
from safereport.core.access import public_view
from safereport.core.categories import DataCategory
from safereport.datafiles import Localised
from safereport.evidence import selectors as evidence_selectors
from safereport.partners.selectors import Partner, public_name_between
from safereport.police import selectors as police_selectors
from safereport.portal import confirmations, forms, session, throttles
from safereport.portal.session import centre_only, with_return_session
from safereport.relief import selectors as relief_selectors

CHANGED = _lazy("The list of organisations changed while you were reading. Nothing was recorded. Please read it again.")

# The newest entries on the overview; the full history is in the copy of my data.
HISTORY_SHOWN = 200
HISTORY_FIRST = 5


def _recipients(case: Case) -> dict[str, list[Partner]]:
    return selectors.partners_by_purpose(case, purposes=[value for value, _label in forms.PORTAL_PURPOSES])


def _overview_context(case: Case, **extra: object) -> dict[str, object]:
    history = selectors.access_history_for_victim(case, limit=HISTORY_SHOWN)
    context = {
        "case": case,
        "consents": selectors.consents_for_victim(case),
        "shared": selectors.shared_for_victim(case),
        "told_overrides": selectors.overrides_told_to_victim(case),
        # Short on a phone (issue 13 §9): the newest lines first, the others behind "show".
        "history": history[:HISTORY_FIRST],
        "history_rest": history[HISTORY_FIRST:],
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
    draft = confirmations.draft(request) if "change" in request.GET else None
    if draft is None:
        return render(request, "portal/mine/overview.html", _overview_context(case))
    # "Change" on the check-answers page: the question again, with the answers the person gave.
    initial = {"purpose": draft["purpose"], "categories": draft["categories"], "understood": draft.get("understood", False)}
    form = forms.PortalConsentForm(initial=initial, recipients=_recipients(case))
    return render(request, "portal/mine/overview.html", _overview_context(case, form=form))


def _named(names: list[Localised[str]]) -> list[dict[str, object]]:
    """Names as the confirmation page shows them, kept in the session (public names, no person's words)."""
    return [{"value": n.value, "lang": n.language, "dir": n.direction, "fallback": n.is_fallback} for n in names]


@public_view
@require_POST
@with_return_session
def give(request: HttpRequest, case: Case) -> HttpResponse:
    """The consent page's answers: checked, kept as a draft in the session, then "check your answers" (issue 13 §6).

    Nothing is recorded here; the consent is recorded only from the
    check-answers page's own POST (`give_check`).
    """
    form = forms.PortalConsentForm(request.POST, recipients=_recipients(case))
    if form.is_valid():
        purpose = form.cleaned_data["purpose"]
        answers = {"purpose": purpose, "categories": list(form.cleaned_data["categories"]), "shown": form.shown_for(purpose)}
        if _draft_recipients(case, answers):
            confirmations.draft_keep(request, **answers, understood=True)
            return redirect("mine:give_check")
        # None of the names on the page can receive it now: the page is drawn again from the partners as they are.
        form.add_error(None, CHANGED)
    return render(request, "portal/mine/overview.html", _overview_context(case, form=form), status=400)


def _draft_recipients(case: Case, draft: dict[str, object]) -> list[Partner]:
    """The partners the draft named that the centre may still share with for its purpose: the registry decides, now."""
    purpose = str(draft["purpose"])
    shown = {str(value) for value in cast(list[str], draft.get("shown") or [])}
    return [p for p in _recipients(case).get(purpose, []) if str(p.public_id) in shown]


def _check_context(case: Case, draft: dict[str, object], **extra: object) -> dict[str, object]:
    purpose = str(draft["purpose"])
    return {
        "purpose_label": {str(value): label for value, label in forms.PORTAL_PURPOSES}.get(purpose, ""),
        "recipients": _draft_recipients(case, draft),
        "category_labels": [DataCategory(c).label for c in cast(list[str], draft["categories"])],
        **extra,
    }


@public_view
@require_http_methods(["GET", "POST"])
@with_return_session
def give_check(request: HttpRequest, case: Case) -> HttpResponse:
    """Check your answers before you agree: the one place a consent is recorded from the portal.

    The recipients are read again from the partners registry on the final POST
    and must be exactly the names this page showed (posted back as `named`,
    compared, never trusted): a partner that left since, or a tampered list,
    records nothing and shows the page again.
    """
    draft = confirmations.draft(request)
    if draft is None:
        return redirect("mine:overview")
    recipients = _draft_recipients(case, draft)
    if request.method == "POST":
        named = sorted(request.POST.getlist("named"))
        if recipients and named == sorted(str(p.public_id) for p in recipients):
            purpose = str(draft["purpose"])
            try:
                events = services.consent_record_for_partners(
                    case=case,
                    categories=cast(list[str], draft["categories"]),
                    purpose=purpose,
                    decision=Decision.GIVEN,
                    kinds=RECIPIENT_KINDS[purpose],
                    shown=named,
                    understanding=Understanding.SELF_SERVICE,
                    channel=Channel.PORTAL,
                    language=get_language() or "",
                )
            except services.ConsentError:
                pass
            else:
                confirmations.draft_drop(request)
                organisations = {e.recipient_organisation_id: e.recipient_organisation for e in events if e.recipient_organisation}
                names = [public_name_between(care_centre=case.care_centre, organisation=o) for o in organisations.values()]
                return confirmations.remember(
                    request,
                    "consent_given",
                    purpose=purpose,
                    categories=cast(list[str], draft["categories"]),
                    names=_named(names),
                )
        return render(request, "portal/mine/give_check.html", _check_context(case, draft, changed=CHANGED), status=400)
    return render(request, "portal/mine/give_check.html", _check_context(case, draft))


@public_view
@require_POST
@with_return_session
def withdraw(request: HttpRequest, case: Case) -> HttpResponse:
    if request.POST.get("all") == "1":
        services.consent_withdraw_all(case=case)
        return confirmations.remember(request, "consent_withdrawn_all")
    event = selectors.consent_of_case(case=case, consent_id=request.POST.get("consent", ""))
    if event is None:
        return redirect("mine:overview")
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
    organisation = event.recipient_organisation
    names = _named([public_name_between(care_centre=case.care_centre, organisation=organisation)]) if organisation else []
    return confirmations.remember(
        request,
        "consent_withdrawn",
        purpose=event.purpose,
        categories=[event.category],
        names=names,
        kind_label="" if names else str(event.get_recipient_kind_display()),
    )


@public_view
@require_GET
@with_return_session
def done(request: HttpRequest, case: Case) -> HttpResponse:
    """The confirmation page: what was just recorded, in words, what happens next and the way back (issue 13 §4)."""
    recorded = confirmations.recalled(request)
    if recorded is None:
        return redirect("mine:overview")
    purposes: dict[str, object] = {**dict(Purpose.choices), **{str(value): label for value, label in forms.PORTAL_PURPOSES}}
    return render(
        request,
        "portal/mine/done.html",
        {
            "case": case,
            "recorded": recorded,
            "kind": recorded["kind"],
            "category_labels": [DataCategory(c).label for c in recorded.get("categories", []) if c in DataCategory.values],
            "purpose_label": purposes.get(recorded.get("purpose", ""), ""),
            "reporting_label": dict(forms.REPORTING_CHOICES).get(recorded.get("status", ""), ""),
            "visit_label": dict(AppointmentKind.choices).get(recorded.get("visit", ""), ""),
            "choice_label": dict(forms.EVIDENCE_CHOICES).get(recorded.get("choice", ""), ""),
        },
    )


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

    html = bidi.for_pdf(render_to_string("portal/mine/copy_pdf.html", _copy_context(case, downloaded=True), request=request))
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
@centre_only
def sealed(request: HttpRequest, case: Case) -> HttpResponse:
    exists = selectors.compartment_exists(case=case)
    action = request.POST.get("action", "")
    record_form = forms.SealedRecordForm(request.POST if action == "record" else None)
    code_form = forms.CodeForm(request.POST if action in {"read", "unlock", "delete"} else None)
    shown, done = None, ""
    if action == "record" and _code_ok(request, record_form, case):
        services.compartment_record(case=case, typed_code=record_form.cleaned_data["code"], text=record_form.cleaned_data["text"])
        return confirmations.remember(request, "note_kept")
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
@centre_only
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

    from safereport.content import selectors as content

    return render(
        request,
        "portal/mine/steps.html",
        {
            "procedures": relief_selectors.for_person(case, today=timezone.localdate()),
            "language": get_language(),
            # The data's person-facing names are drafts by engineering in every language but English.
            "label_draft_translation": content.label("draft_translation", language=get_language()),
        },
    )
