"""Staff pages: the consent ledger of a case, packages, overrides, and the DPO's registers."""

from collections.abc import Iterable
from datetime import datetime, time
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.permissions import Permission
from safereport.accounts.policies import roles_grant
from safereport.accounts.sessions import StaffRequest
from safereport.cases.models import Case
from safereport.cases.selectors import case_get_for
from safereport.consent import forms, selectors, services
from safereport.consent.models import Channel, ConsentEvent, Decision, OverrideStatus
from safereport.core import once
from safereport.core.access import requires
from safereport.partners.selectors import Partner


def _ready_to_send(case: Case, in_force: Iterable[ConsentEvent]) -> list[ConsentEvent]:
    """One consent per (named recipient, purpose) in force whose package the recipient rules allow:
    each is a package that may be previewed now (a link that could only be refused is not offered)."""
    found: dict[tuple[int, str], ConsentEvent] = {}
    for consent in in_force:
        if consent.recipient_organisation_id:
            found.setdefault((consent.recipient_organisation_id, consent.purpose), consent)
    return [
        consent
        for consent in found.values()
        if consent.recipient_organisation is not None
        and services.disclosure_recipient_allowed(case=case, recipient=consent.recipient_organisation, purpose=consent.purpose)
    ]


def _case_context(request: StaffRequest, case: Case, **forms_in_use: object) -> dict[str, object]:
    in_force = selectors.consents_for_victim(case)
    context = {
        "case": case,
        "ledger": selectors.ledger_for_staff_page(case),
        "in_force": in_force,
        "ready_to_send": _ready_to_send(case, in_force),
        "clinical": case.clinical_consents.select_related("explained_by"),
        "packages": selectors.packages_of_case(case),
        "overrides": selectors.overrides_of_case(case),
        "has_compartment": hasattr(case, "migration_compartment"),
        "consent_form": forms.ConsentForm(
            initial={"language": case.preferred_language or "en"}, care_centre_id=case.care_centre_id
        ),
        "clinical_form": forms.ClinicalConsentForm(initial={"language": case.preferred_language or "en"}),
        "build_form": forms.BuildPackageForm(care_centre_id=case.care_centre_id),
        # What "every partner of this kind" covers, as the person is told (ADR 0014).
        "partners": [
            (selectors.purpose_label(purpose), purpose, found)
            for purpose, found in selectors.partners_by_purpose(case).items()
            if found
        ],
        "override_form": forms.OverrideRequestForm(jurisdiction=case.care_centre.jurisdiction),
        "may_approve": roles_grant(request.user.roles, Permission.CONSENT_OVERRIDE_APPROVE),
        "pending": OverrideStatus.PENDING,
    }
    context.update(forms_in_use)
    return context


@requires(Permission.CONSENT_LEDGER_READ)
@require_GET
def case_consents(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(actor=request.user, case_id=case_id)
    selectors.ledger_open_for_staff(case=case, actor=request.user)
    draft = _draft_of(request, case) if "change" in request.GET else None
    if draft is not None:
        # "Change" on the check page: the form again, with the answers as they were given.
        form = forms.ConsentForm(draft, care_centre_id=case.care_centre_id)
        return render(request, "consent/case.html", _case_context(request, case, consent_form=form))
    return render(request, "consent/case.html", _case_context(request, case))


def _draft_key(case: Case) -> str:
    return f"consent_draft:{case.public_id}"


def _draft_of(request: StaffRequest, case: Case) -> QueryDict | None:
    """The consent answers kept in the staff session between the form and "check your answers" (issue 13 §6)."""
    found = request.session.get(_draft_key(case))
    if not isinstance(found, dict):
        return None
    data = QueryDict(mutable=True)
    for key, values in found.items():
        data.setlist(key, [str(v) for v in values])
    return data


def _recipients_of(case: Case, form: forms.ConsentForm) -> list[Partner]:
    """Whom the answers name, as the person is told, from the partners registry as it is now."""
    data = form.cleaned_data
    partners = selectors.partners_by_purpose(case, purposes=[data["purpose"]])[data["purpose"]]
    if data["recipient_kind"]:
        shown = set(form.shown_for(data["purpose"]))
        return [p for p in partners if p.kind == data["recipient_kind"] and str(p.public_id) in shown]
    organisation = data["recipient_organisation"]
    return [p for p in partners if p.organisation.pk == organisation.pk]


def _record(request: StaffRequest, case: Case, form: forms.ConsentForm, *, shown: list[str] | None = None) -> list[ConsentEvent]:
    data = form.cleaned_data
    expires = data["expires_on"]
    common = {
        "case": case,
        "categories": data["categories"],
        "purpose": data["purpose"],
        "decision": data["decision"],
        "understanding": data["understanding"],
        "channel": Channel.STAFF,
        "explicit": data["explicit"],
        "expires_at": timezone.make_aware(datetime.combine(expires, time.max)) if expires else None,
        "explained_by": request.user,
        "language": data["language"],
        "language_other": data["language_other"],
        "interpreter_language": data["interpreter_language"],
        "interpreter_language_other": data["interpreter_language_other"],
    }
    if data["recipient_kind"]:
        # Every partner of that kind the page listed, each by name.
        return services.consent_record_for_partners(
            kinds=[data["recipient_kind"]], shown=shown if shown is not None else form.shown_for(data["purpose"]), **common
        )
    return services.consent_record(recipient_organisation=data["recipient_organisation"], **common)


def _recorded_message(form: forms.ConsentForm, names: list[str]) -> str:
    """What was recorded, in words, for the success message on the case's consent page."""
    data = form.cleaned_data
    labels = dict(forms.SHAREABLE)
    return _("Recorded in the consent ledger: %(decision)s. Information: %(categories)s. Purpose: %(purpose)s. To: %(recipients)s.") % {
        "decision": Decision(data["decision"]).label,
        "categories": ", ".join(str(labels.get(c, c)) for c in data["categories"]),
        "purpose": selectors.purpose_label(data["purpose"]),
        "recipients": ", ".join(names) or "—",
    }


@requires(Permission.CONSENT_RECORD_CREATE)
@require_POST
def record_consent(request: StaffRequest, case_id: UUID) -> HttpResponse:
    """A withdrawal is recorded at once; an agreement to share goes to "check your answers" first (issue 13 §6)."""
    case = case_get_for(actor=request.user, case_id=case_id)
    form = forms.ConsentForm(request.POST, care_centre_id=case.care_centre_id)
    if form.is_valid():
        recipients = _recipients_of(case, form)
        if form.cleaned_data["decision"] == Decision.GIVEN:
            if recipients:
                request.session[_draft_key(case)] = {
                    key: request.POST.getlist(key) for key in request.POST if key != "csrfmiddlewaretoken"
                }
                return redirect("consent:record_check", case_id=case.public_id)
            form.add_error(None, _("No partner organisation of the centre can receive this for this purpose."))
        else:
            try:
                events = _record(request, case, form)
            except services.ConsentError as error:
                form.add_error(None, str(error))
            else:
                names = sorted({e.recipient_organisation.name for e in events if e.recipient_organisation})
                messages.success(request, _recorded_message(form, names))
                return redirect("consent:case", case_id=case.public_id)
    return render(request, "consent/case.html", _case_context(request, case, consent_form=form), status=400)


@requires(Permission.CONSENT_RECORD_CREATE)
@require_http_methods(["GET", "POST"])
def record_check(request: StaffRequest, case_id: UUID) -> HttpResponse:
    """Check the answers before recording an agreement to share; the only POST that records one.

    The answers come from the session, never from hidden fields, and are
    validated again against the partners in force; the organisations this page
    named are posted back (`named`) and must be exactly those the registry gives
    now, or nothing is recorded.
    """
    case = case_get_for(actor=request.user, case_id=case_id)
    draft = _draft_of(request, case)
    if draft is None:
        return redirect("consent:case", case_id=case.public_id)
    form = forms.ConsentForm(draft, care_centre_id=case.care_centre_id)
    if not form.is_valid():
        request.session.pop(_draft_key(case), None)
        return render(request, "consent/case.html", _case_context(request, case, consent_form=form), status=400)
    recipients = _recipients_of(case, form)
    context = {
        "case": case,
        "form": form,
        "recipients": recipients,
        "decision_label": Decision(form.cleaned_data["decision"]).label,
        "purpose_label": selectors.purpose_label(form.cleaned_data["purpose"]),
        "category_labels": [dict(forms.SHAREABLE)[c] for c in form.cleaned_data["categories"]],
        "understanding_label": dict(forms.STAFF_UNDERSTANDING).get(form.cleaned_data["understanding"], ""),
    }
    if request.method == "POST":
        named = sorted(request.POST.getlist("named"))
        if recipients and named == sorted(str(p.public_id) for p in recipients):
            try:
                events = _record(request, case, form, shown=named)
            except services.ConsentError as error:
                context["problem"] = str(error)
            else:
                request.session.pop(_draft_key(case), None)
                names = sorted({e.recipient_organisation.name for e in events if e.recipient_organisation})
                messages.success(request, _recorded_message(form, names))
                return redirect("consent:case", case_id=case.public_id)
        else:
            context["problem"] = _("The partners changed since this page was drawn. Nothing was recorded. Check the names again.")
        return render(request, "consent/check.html", context, status=400)
    return render(request, "consent/check.html", context)


@requires(Permission.CONSENT_RECORD_CREATE)
@require_POST
def record_clinical(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(actor=request.user, case_id=case_id)
    form = forms.ClinicalConsentForm(request.POST)
    if form.is_valid():
        try:
            services.clinical_consent_record(case=case, explained_by=request.user, **form.cleaned_data)
        except services.ConsentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Consent to the examination recorded."))
            return redirect("consent:case", case_id=case.public_id)
    return render(request, "consent/case.html", _case_context(request, case, clinical_form=form), status=400)


def _refused(refusal: services.DisclosureRefused) -> str:
    return _("Not shared: %(reason)s. Nothing left the centre; the refusal is in the audit log.") % {"reason": refusal.text}


@requires(Permission.CONSENT_PACKAGE_CREATE)
@require_GET
def preview_package(request: StaffRequest, case_id: UUID) -> HttpResponse:
    """Step 2 of sharing: exactly what the package would hold, before anyone presses send."""
    case = case_get_for(actor=request.user, case_id=case_id)
    form = forms.BuildPackageForm(request.GET)
    if not form.is_valid():
        return render(request, "consent/case.html", _case_context(request, case, build_form=form), status=400)
    recipient, purpose = form.cleaned_data["recipient"], form.cleaned_data["purpose"]
    try:
        preview = services.disclosure_preview(case=case, recipient=recipient, purpose=purpose, actor=request.user)
    except services.DisclosureRefused as refusal:
        form.add_error(None, _refused(refusal))
        return render(request, "consent/case.html", _case_context(request, case, build_form=form), status=400)
    return render(
        request,
        "consent/preview.html",
        {
            "case": case,
            "preview": preview,
            "parts": selectors.package_parts(preview.content, preview.categories),
            "withheld": selectors.withheld_explained(preview.withheld),
            "purpose": selectors.purpose_label(purpose),
            "send_form": forms.SendPackageForm(
                initial={"recipient": recipient.pk, "purpose": purpose, "previewed": preview.digest}
            ),
            "form_token": once.issue(package_purpose(case)).value,
        },
    )


@requires(Permission.CONSENT_PACKAGE_CREATE)
@require_POST
def build_package(request: StaffRequest, case_id: UUID) -> HttpResponse:
    """Step 3: send what the preview showed, and nothing else (the digest says what that was)."""
    case = case_get_for(actor=request.user, case_id=case_id)
    token = once.read(request.POST.get("form_token", ""), purpose=package_purpose(case))
    if token is not None and once.is_spent(token):
        return _package_already_sent(request, case)
    form = forms.SendPackageForm(request.POST)
    if form.is_valid() and token is None:
        # No token, or one too old to tell whether it was used: nothing is sent; the preview again, with a fresh one.
        messages.error(request, _("Not sent: this page was open for a long time. If the package is not listed on the case page, check the preview and press Send again."))
        query = urlencode({"recipient": form.cleaned_data["recipient"].pk, "purpose": form.cleaned_data["purpose"]})
        return redirect(f"{reverse('consent:preview', kwargs={'case_id': case.public_id})}?{query}")
    if form.is_valid():
        try:
            package = services.disclosure_build(
                case=case,
                recipient=form.cleaned_data["recipient"],
                purpose=form.cleaned_data["purpose"],
                actor=request.user,
                previewed=form.cleaned_data["previewed"],
                form_token=token,
            )
        except once.AlreadySpent:  # sent twice at the same moment: the other post built it
            return _package_already_sent(request, case)
        except services.DisclosureRefused as refusal:
            if refusal.reason == "changed_since_preview":
                messages.error(request, _("Not sent: what the package would hold changed since the preview. Here it is again."))
                query = urlencode({"recipient": form.cleaned_data["recipient"].pk, "purpose": form.cleaned_data["purpose"]})
                return redirect(f"{reverse('consent:preview', kwargs={'case_id': case.public_id})}?{query}")
            messages.error(request, _refused(refusal))
        else:
            messages.success(
                request,
                _("Package sent to %(recipient)s with: %(categories)s.")
                % {
                    "recipient": package.recipient.name,
                    "categories": ", ".join(selectors.category_label(c) for c in package.categories),
                },
            )
        return redirect("consent:case", case_id=case.public_id)
    return render(request, "consent/case.html", _case_context(request, case), status=400)


def package_purpose(case: Case) -> str:
    """The preview page's one-time token (safereport.core.once, ADR 0032 §6), bound to its case."""
    return f"consent:package:{case.public_id}"


def _package_already_sent(request: StaffRequest, case: Case) -> HttpResponse:
    # Send pressed again (after an answer lost with a crashed app server, or a second click):
    # the case page lists the one package that was built.
    messages.info(request, _("This package was already sent; it was not sent a second time."))
    return redirect("consent:case", case_id=case.public_id)


@requires(Permission.CONSENT_MIGRATION_READ)
@require_GET
def migration(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(actor=request.user, case_id=case_id)
    text = services.compartment_read_for_staff(case=case, actor=request.user)
    return render(request, "consent/migration.html", {"case": case, "text": text})


@requires(Permission.CONSENT_OVERRIDE_REQUEST)
@require_POST
def override_request(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(actor=request.user, case_id=case_id)
    form = forms.OverrideRequestForm(request.POST, jurisdiction=case.care_centre.jurisdiction)
    if form.is_valid():
        try:
            override = services.override_request(case=case, actor=request.user, **form.cleaned_data)
        except services.OverrideRefused as refusal:
            form.add_error(None, refusal.text)
        else:
            messages.success(request, _("Override requested. A second person with the named role must approve it."))
            return redirect("consent:override", override_id=override.public_id)
    return render(request, "consent/case.html", _case_context(request, case, override_form=form), status=400)


@requires(Permission.CONSENT_OVERRIDE_REQUEST)
@require_GET
def override_detail(request: StaffRequest, override_id: UUID) -> HttpResponse:
    """One override: its ground, recipient, categories and window, and its justification (an audited read)."""
    page = selectors.override_page_for(actor=request.user, override_id=override_id)
    return render(request, "consent/override.html", {"page": page, "override": page.override, "case": page.override.case})


@requires(Permission.CONSENT_OVERRIDE_APPROVE)
@require_POST
def override_decide(request: StaffRequest, override_id: UUID) -> HttpResponse:
    override = selectors.override_get_for(actor=request.user, override_id=override_id)
    form = forms.OverrideDecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        decided = services.override_decide(
            override=override, approver=request.user, approve=form.cleaned_data["decision"] == "approve"
        )
    except services.OverrideRefused as refusal:
        messages.error(request, _("Not recorded: %(reason)s.") % {"reason": refusal.text})
    else:
        messages.success(request, _("Decision recorded: %(status)s.") % {"status": decided.get_status_display()})
    return redirect("consent:override", override_id=override.public_id)


@requires(Permission.CONSENT_PACKAGE_CREATE)
@require_POST
def override_send(request: StaffRequest, override_id: UUID) -> HttpResponse:
    """Send under an approved override: its recipient, purpose and categories only; nothing to choose."""
    override = selectors.override_get_for(actor=request.user, override_id=override_id)
    try:
        package = services.override_send(override=override, actor=request.user)
    except (services.DisclosureRefused, services.OverrideRefused) as refusal:
        messages.error(
            request,
            _("Not shared: %(reason)s. Nothing left the centre; the refusal is in the audit log.") % {"reason": refusal.text},
        )
    else:
        messages.success(
            request,
            _("Package sent to %(recipient)s with: %(categories)s.")
            % {
                "recipient": package.recipient.name,
                "categories": ", ".join(selectors.category_label(c) for c in package.categories),
            },
        )
    return redirect("consent:override", override_id=override.public_id)


@requires(Permission.CONSENT_OVERRIDE_REQUEST)
@require_POST
def override_safe_to_tell(request: StaffRequest, override_id: UUID) -> HttpResponse:
    override = selectors.override_get_for(actor=request.user, override_id=override_id)
    try:
        services.override_mark_safe_to_tell(override=override, actor=request.user)
    except services.OverrideRefused as refusal:
        messages.error(request, _("Not recorded: %(reason)s.") % {"reason": refusal.text})
    else:
        messages.success(request, _("The person will see this sharing in their own view."))
    return redirect("consent:override", override_id=override.public_id)


# --- recipients ------------------------------------------------------------------


@requires(Permission.CONSENT_PACKAGE_READ)
@require_GET
def inbox(request: StaffRequest) -> HttpResponse:
    packages = selectors.packages_for_recipient(request.user)[:200]
    notices = selectors.erasure_notices_for_recipient(request.user)[:200]
    return render(request, "consent/inbox.html", {"packages": packages, "notices": notices})


def _package_page(request: StaffRequest, package_id: UUID, template: str) -> HttpResponse:
    package = selectors.package_get_for_recipient(actor=request.user, package_id=package_id)
    content = selectors.package_content(package=package, actor=request.user)
    return render(
        request,
        template,
        {
            "package": package,
            "content": content,
            "purpose": selectors.purpose_label(package.purpose),
            "built": selectors.in_zone(package.built_at, package.care_centre.zone),
        },
    )


@requires(Permission.CONSENT_PACKAGE_READ)
@require_GET
def package_detail(request: StaffRequest, package_id: UUID) -> HttpResponse:
    return _package_page(request, package_id, "consent/package.html")


@requires(Permission.CONSENT_PACKAGE_READ)
@require_GET
def package_print(request: StaffRequest, package_id: UUID) -> HttpResponse:
    return _package_page(request, package_id, "consent/package_print.html")


# --- the DPO ----------------------------------------------------------------------


@requires(Permission.CONSENT_REGISTER_READ)
@require_GET
def processing(request: StaffRequest) -> HttpResponse:
    return render(request, "consent/processing.html", {"records": selectors.processing_records()})


@requires(Permission.CONSENT_REGISTER_READ)
@require_GET
def counts(request: StaffRequest) -> HttpResponse:
    return render(request, "consent/counts.html", selectors.counts_for(request.user))


@requires(Permission.CONSENT_REGISTER_READ)
@require_GET
def override_register(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "consent/override_register.html",
        {"overrides": selectors.override_register(request.user), "pending": OverrideStatus.PENDING, "may_approve": False},
    )



@requires(Permission.CONSENT_REGISTER_READ)
@require_GET
def erasure_register(request: StaffRequest) -> HttpResponse:
    return render(request, "consent/erasure_register.html", {"tombstones": selectors.erasure_register(request.user)})
