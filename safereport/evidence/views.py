"""Staff views of evidence: worklists, a kit's page and custody record, its label, storage, the police side.

Thin: parse a form, call one service or selector, render or redirect. Each
recording action ends on the kit's page with a sentence saying what was
recorded; a refusal says why, in words, and keeps what was typed.
"""

from collections.abc import Callable
from typing import Any
from uuid import UUID

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safereport.accounts.permissions import Permission
from safereport.accounts.services import WitnessCheck, witness_confirm
from safereport.accounts.sessions import StaffRequest
from safereport.cases.selectors import case_get_for
from safereport.core.access import requires
from safereport.evidence import forms, selectors, services
from safereport.evidence.models import Kit

# Refusals, in words (never the internal reason).
REFUSALS = {
    "no_police_report": gettext_lazy(
        "Not released: the person has not reported to the police. Evidence goes to the police only after their own report."
    ),
    "no_consent": gettext_lazy(
        "Not released: the person has not agreed to release forensic samples to this police unit. Record their consent first."
    ),
    "no_witness": gettext_lazy("Not done: a second member of staff must witness this."),
    "witness_not_confirmed": gettext_lazy(
        "Not done: the witness's password or authenticator code was not right. Nothing was recorded; the witness can type them again."
    ),
    "witness_locked_out": gettext_lazy(
        "Not done: the witness's account is locked after too many wrong tries. Wait a while, or ask another member of staff to witness."
    ),
    "not_due": gettext_lazy("Not destroyed: the retention rule does not allow it yet."),
    "record_erased": gettext_lazy("The person erased their record: this kit can only be destroyed."),
    "not_in_storage": gettext_lazy("Not possible: the kit is not in storage."),
    "kit_not_with_the_centre": gettext_lazy("Not possible: the centre does not hold this kit now."),
    "release_not_agreed": gettext_lazy("Not possible: the release has not been agreed."),
    "samples_are_not_returned": gettext_lazy("Samples are never returned; only items such as clothing."),
    "police_have_asked": gettext_lazy("Not returned: the kit is going to the police."),
    "location_needed": gettext_lazy("Choose a storage place of your centre."),
    "bad_seal_number": gettext_lazy("Write the seal number as printed: capitals, digits and - / . _ only."),
    "bad_receiver_ref": gettext_lazy("Write the officer's badge or reference number only: capitals, digits and - / . _."),
}
DEFAULT_REFUSAL = gettext_lazy("Not done: this is not possible now. Nothing was changed.")


def _refusal(reason: str) -> str:
    if reason.startswith("recipient_"):
        return _("Not released: this police unit is not a partner of the centre for investigations.")
    return str(REFUSALS.get(reason, DEFAULT_REFUSAL))


def _kit_url(kit: Kit) -> str:
    return reverse("evidence:kit", args=[kit.public_id])


FORMS: dict[str, Any] = {
    "custody_form": forms.CustodyForm,
    "destroy_form": forms.DestroyForm,
    "hand_over_form": forms.HandOverForm,
    "return_form": forms.ReturnForm,
}


def _options(request: StaffRequest, kit: Kit) -> dict[str, Callable[[], dict[str, Any]]]:
    """Per form, what it offers; each read only when that form is built (ADR 0037 §2)."""
    found = selectors.kit_form_options(actor=request.user, kit=kit)
    return {
        "custody_form": lambda: {"locations": found.locations, "items": found.items},
        "destroy_form": lambda: {"witnesses": found.witnesses},
        "hand_over_form": lambda: {"witnesses": found.witnesses},
        "return_form": lambda: {"items": found.returnable},
    }


def _lazy_form(form_class: Any, options: Callable[[], dict[str, Any]]) -> Any:
    """An unbound form built when the template first touches it: a form the kit's state hides costs nothing."""
    return SimpleLazyObject(lambda: form_class(**options()))


def _kit_context(request: StaffRequest, kit: Kit, **bound: Any) -> dict[str, Any]:
    options = _options(request, kit)
    items = selectors.items_of(kit)
    custody, custody_earlier = selectors.custody_rows_newest(kit)
    context: dict[str, Any] = {
        "kit": kit,
        "rule": selectors.rule_of(kit),
        "items": items,
        # Whether to offer giving an item back, answered from the items already read (no query of its own).
        "may_return": selectors.any_returnable(items),
        "custody": custody,
        "custody_earlier": custody_earlier,
        "custody_shown": selectors.KIT_PAGE_EVENTS,
        "may_destroy": selectors.may_destroy_now(kit),
        "may_release": selectors.may_offer_release(kit),
        "may_add_items": selectors.may_add_items(kit),
        **{name: _lazy_form(form_class, options[name]) for name, form_class in FORMS.items()},
    }
    context.update(bound)
    context["errors"] = [f for name, f in bound.items() if name.endswith("_form") and f.errors]
    # The forms posted and refused: shown again with their errors whatever the kit's state.
    context["refused_forms"] = [name for name in bound if name.endswith("_form")]
    return context


def _bound(request: StaffRequest, kit: Kit, name: str) -> Any:
    """The named form of the kit page, bound to what was posted."""
    return FORMS[name](request.POST, **_options(request, kit)[name]())


def _again(request: StaffRequest, kit: Kit, name: str, form: Any, reason: str | None = None) -> HttpResponse:
    if reason is not None:
        form.add_error(None, _refusal(reason))
    return render(request, "evidence/kit.html", _kit_context(request, kit, **{name: form}), status=400)


def _witness_check(request: StaffRequest, form: Any) -> WitnessCheck:
    """The witness's own password and code, checked as at sign-in (axes, the authenticator's throttle)."""
    return witness_confirm(
        request=request, witness=form.cleaned_data["witness"],
        password=form.cleaned_data["witness_password"], token=form.cleaned_data["witness_token"],
    )


def _done(request: StaffRequest, kit: Kit, sentence: str) -> HttpResponse:
    messages.success(request, sentence)
    return redirect(_kit_url(kit))


# --- worklists ----------------------------------------------------------------------------------


@requires(Permission.EVIDENCE_KIT_READ)
@require_GET
def worklist(request: StaffRequest) -> HttpResponse:
    return render(request, "evidence/worklist.html", {"worklist": selectors.worklist_for(request.user)})


# --- a kit ----------------------------------------------------------------------------------------


@requires(Permission.EVIDENCE_KIT_MANAGE, hide_case_from_outsiders=True)
@require_http_methods(["GET", "POST"])
def kit_new(request: StaffRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(actor=request.user, case_id=case_id)
    rules = [(r.id, f"{r.name}" + (f" ({r.region})" if r.region else "")) for r in selectors.rules_for_case(case)]
    form = forms.KitForm(request.POST or None, rules=rules)
    if request.method == "POST" and form.is_valid():
        try:
            kit = services.kit_collect(
                case=case, actor=request.user, exam_started_on=form.cleaned_data["exam_started_on"],
                rule_id=form.cleaned_data["rule_id"], age_band=form.cleaned_data["age_band"], items=form.items(),
            )
        except services.EvidenceRefused as refused:
            form.add_error(None, _refusal(refused.reason))
        else:
            return _done(request, kit, _("Kit %(barcode)s recorded. Print its label and seal it.") % {"barcode": kit.barcode})
    return render(request, "evidence/kit_new.html", {"case": case, "form": form}, status=400 if request.method == "POST" else 200)


@requires(Permission.EVIDENCE_KIT_READ)
@require_GET
def kit(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    found = selectors.kit_open_for(actor=request.user, kit_id=kit_id)
    return render(request, "evidence/kit.html", _kit_context(request, found))


def _custody_context(kit: Kit, **extra: Any) -> dict[str, Any]:
    return {"kit": kit, "rule": selectors.rule_of(kit), "items": selectors.items_of(kit), "custody": selectors.custody_rows(kit), **extra}


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@requires(Permission.EVIDENCE_KIT_READ)
@require_GET
def custody_record(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    found = selectors.kit_open_for(actor=request.user, kit_id=kit_id)
    return render(request, "evidence/custody_record.html", _custody_context(found))


@requires(Permission.EVIDENCE_KIT_READ)
@require_GET
def custody_record_pdf(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    """The same custody record as a PDF for court: no health notes, nothing that identifies the person."""
    found = selectors.kit_open_for(actor=request.user, kit_id=kit_id)
    return _pdf(selectors.render_pdf("evidence/custody_record.html", _custody_context(found)), f"custody-{found.barcode}.pdf")


@requires(Permission.EVIDENCE_KIT_READ)
@require_GET
def retention_notice(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    """The notice printed at the examination, in the person's language, with the computed disposal date."""
    found = selectors.kit_get_for(actor=request.user, kit_id=kit_id)
    return render(request, "evidence/retention_notice.html", {"notice": selectors.retention_notice_for(found)})


@requires(Permission.EVIDENCE_KIT_READ)
@require_GET
def retention_notice_pdf(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    found = selectors.kit_get_for(actor=request.user, kit_id=kit_id)
    notice = selectors.retention_notice_for(found)
    return _pdf(selectors.render_pdf("evidence/retention_notice.html", {"notice": notice}), "evidence-notice.pdf")


def _label_svg(barcode: str) -> str:
    qr = segno.make(barcode, error="m")
    inner = qr.svg_inline(scale=4, border=2)
    width, height = qr.symbol_size(scale=4, border=2)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{max(width, 200)}" height="{height + 24}" role="img" '
        f'aria-label="{escape(barcode)}">{inner}'
        f'<text x="0" y="{height + 18}" font-family="monospace" font-size="16">{escape(barcode)}</text></svg>'
    )


@requires(Permission.EVIDENCE_KIT_READ)
@require_GET
def kit_label(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    """A label with the kit number as a QR code and in letters: nothing else, nothing about the person."""
    found = selectors.kit_get_for(actor=request.user, kit_id=kit_id)
    return HttpResponse(_label_svg(found.barcode), content_type="image/svg+xml")


def _kit_step(request: StaffRequest, kit: Kit, form: Any, step: dict[str, Any], reason: str | None = None) -> HttpResponse:
    """A step on a kit with a page of its own (adding an item, agreeing a release): its form, or why it is not offered."""
    if reason is not None:
        form.add_error(None, _refusal(reason))
    context = {"kit": kit, "form": form, "errors": [form] if form.errors else [], **step}
    return render(request, "evidence/kit_step.html", context, status=400 if form.is_bound else 200)


def _item_step(kit: Kit) -> dict[str, Any]:
    return {
        "heading": _("Add an item"), "intro": "", "submit": _("Add the item"), "offered": selectors.may_add_items(kit),
        "not_offered": _("Items can be added only while the centre keeps the kit."),
    }


@requires(Permission.EVIDENCE_KIT_MANAGE)
@require_http_methods(["GET", "POST"])
def item_add(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    """Items are ticked when the kit is recorded; one brought later is added on this page."""
    found = selectors.kit_get_for(actor=request.user, kit_id=kit_id)
    if request.method != "POST":
        return _kit_step(request, found, forms.ItemForm(), _item_step(found))
    form = forms.ItemForm(request.POST)
    if not form.is_valid():
        return _kit_step(request, found, form, _item_step(found))
    try:
        services.item_add(kit=found, actor=request.user, **form.cleaned_data)
    except services.EvidenceRefused as refused:
        return _kit_step(request, found, form, _item_step(found), refused.reason)
    return _done(request, found, _("Item added to the kit."))


@requires(Permission.EVIDENCE_KIT_MANAGE)
@require_POST
def custody(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    found = selectors.kit_get_for(actor=request.user, kit_id=kit_id)
    form = _bound(request, found, "custody_form")
    if not form.is_valid():
        return _again(request, found, "custody_form", form)
    try:
        services.custody_record(kit=found, actor=request.user, **form.cleaned_data)
    except services.EvidenceRefused as refused:
        return _again(request, found, "custody_form", form, refused.reason)
    return _done(request, found, _("Recorded in the custody log."))


@requires(Permission.EVIDENCE_KIT_MANAGE)
@require_POST
def destroy(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    found = selectors.kit_get_for(actor=request.user, kit_id=kit_id)
    form = _bound(request, found, "destroy_form")
    if not form.is_valid():
        return _again(request, found, "destroy_form", form)
    try:
        services.kit_destroy(
            kit=found, actor=request.user, witness=form.cleaned_data["witness"], reason=form.cleaned_data["reason"],
            witness_check=_witness_check(request, form),
        )
    except services.EvidenceRefused as refused:
        return _again(request, found, "destroy_form", form, refused.reason)
    return _done(request, found, _("Kit destroyed. The destruction record is in the custody log."))


@requires(Permission.EVIDENCE_KIT_MANAGE)
@require_POST
def hand_over(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    found = selectors.kit_get_for(actor=request.user, kit_id=kit_id)
    form = _bound(request, found, "hand_over_form")
    if not form.is_valid():
        return _again(request, found, "hand_over_form", form)
    try:
        services.kit_hand_over(
            kit=found, actor=request.user, witness=form.cleaned_data["witness"],
            receiver_ref=form.cleaned_data["receiver_ref"], witness_check=_witness_check(request, form),
        )
    except services.EvidenceRefused as refused:
        return _again(request, found, "hand_over_form", form, refused.reason)
    return _done(request, found, _("Handed over to the police, with your witness."))


@requires(Permission.EVIDENCE_KIT_MANAGE)
@require_POST
def item_return(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    found = selectors.kit_get_for(actor=request.user, kit_id=kit_id)
    form = _bound(request, found, "return_form")
    if not form.is_valid():
        return _again(request, found, "return_form", form)
    try:
        services.item_return(item=form.cleaned_data["item"], actor=request.user)
    except services.EvidenceRefused as refused:
        return _again(request, found, "return_form", form, refused.reason)
    return _done(request, found, _("Item given back to the person."))


def _release_step(kit: Kit) -> dict[str, Any]:
    return {
        "heading": _("Release to the police"), "submit": _("Agree the release"), "offered": selectors.may_offer_release(kit),
        "intro": _("Only after the person reported to the police and agreed to release forensic samples to that unit (recorded in their consents)."),
        "not_offered": _("This kit cannot be released now: only a kit kept in storage for a person's record can be."),
    }


@requires(Permission.EVIDENCE_KIT_MANAGE)
@require_http_methods(["GET", "POST"])
def release(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    """Agreeing a release has a page of its own: the partnered units are read through the firewall only here.

    Listing them re-checks every partnership (ADR 0014), which cost the kit
    page a third of its time when the form sat there (ADR 0037, amendment).
    """
    found = selectors.kit_get_for(actor=request.user, kit_id=kit_id)
    units = selectors.kit_form_options(actor=request.user, kit=found).units
    if request.method != "POST":
        return _kit_step(request, found, forms.ReleaseForm(units=units), _release_step(found))
    form = forms.ReleaseForm(request.POST, units=units)
    if not form.is_valid():
        return _kit_step(request, found, form, _release_step(found))
    unit = selectors.police_unit_get(kit=found, organisation_id=form.cleaned_data["police_unit"])
    if unit is None:
        return _kit_step(request, found, form, _release_step(found), "recipient_unknown")
    try:
        services.kit_release(kit=found, police_unit=unit, actor=request.user)
    except services.EvidenceRefused as refused:
        return _kit_step(request, found, form, _release_step(found), refused.reason)
    return _done(request, found, _("Release agreed with %(unit)s. Hand the kit over with a witness.") % {"unit": unit.name})


# --- storage ------------------------------------------------------------------------------------


def _storage(request: StaffRequest, status: int = 200, **bound: Any) -> HttpResponse:
    context: dict[str, Any] = {
        "locations": selectors.locations_for(request.user),
        "alerts": selectors.freezer_alerts(request.user),
        "location_form": forms.LocationForm(),
        "temperature_form": forms.TemperatureForm(),
        "import_form": forms.TemperatureImportForm(),
    }
    context.update(bound)
    context["errors"] = [f for name, f in bound.items() if name.endswith("_form") and f.errors]
    return render(request, "evidence/storage.html", context, status=status)


@requires(Permission.EVIDENCE_STORAGE_MANAGE)
@require_http_methods(["GET", "POST"])
def storage(request: StaffRequest) -> HttpResponse:
    if request.method != "POST":
        return _storage(request)
    form = forms.LocationForm(request.POST)
    if not form.is_valid():
        return _storage(request, 400, location_form=form)
    try:
        services.location_add(actor=request.user, **form.cleaned_data)
    except services.EvidenceRefused:
        form.add_error("name", _("Your centre already has a place with this name."))
        return _storage(request, 400, location_form=form)
    messages.success(request, _("Storage place added."))
    return redirect("evidence:storage")


@requires(Permission.EVIDENCE_STORAGE_MANAGE)
@require_POST
def temperature(request: StaffRequest, location_id: UUID) -> HttpResponse:
    location = selectors.location_get_for(actor=request.user, location_id=location_id)
    form = forms.TemperatureForm(request.POST)
    if not form.is_valid():
        return _storage(request, 400, temperature_form=form)
    check = services.temperature_record(location=location, actor=request.user, celsius=form.cleaned_data["celsius"])
    if check.in_range:
        messages.success(request, _("Temperature recorded."))
    else:
        messages.warning(request, _("Temperature recorded. It is outside the allowed range: check the freezer now."))
    return redirect("evidence:storage")


@requires(Permission.EVIDENCE_STORAGE_MANAGE)
@require_POST
def temperature_import(request: StaffRequest, location_id: UUID) -> HttpResponse:
    location = selectors.location_get_for(actor=request.user, location_id=location_id)
    form = forms.TemperatureImportForm(request.POST)
    if form.is_valid():
        try:
            count = services.temperatures_import(location=location, actor=request.user, text=form.cleaned_data["log"])
        except services.BadTemperatureFile as bad:
            form.add_error("log", _("Nothing was imported: %(problem)s.") % {"problem": bad})
        else:
            messages.success(request, _("%(count)s readings imported.") % {"count": count})
            return redirect("evidence:storage")
    return _storage(request, 400, import_form=form)


# --- the police unit's side ------------------------------------------------------------------------


@requires(Permission.EVIDENCE_KIT_RECEIVE)
@require_GET
def received(request: StaffRequest) -> HttpResponse:
    return render(request, "evidence/received.html", {"kits": selectors.kits_received_for(request.user)})


@requires(Permission.EVIDENCE_KIT_RECEIVE)
@require_GET
def received_kit(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    """The custody record and the items of a kit released to this unit: never the case, never a health note."""
    found = selectors.kit_received_get_for(actor=request.user, kit_id=kit_id)
    return render(request, "evidence/custody_record.html", _custody_context(found, for_police=True))


@requires(Permission.EVIDENCE_KIT_RECEIVE)
@require_GET
def received_kit_pdf(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    """The police unit's copy of the custody record as a PDF."""
    found = selectors.kit_received_get_for(actor=request.user, kit_id=kit_id)
    return _pdf(selectors.render_pdf("evidence/custody_record.html", _custody_context(found)), f"custody-{found.barcode}.pdf")


@requires(Permission.EVIDENCE_KIT_RECEIVE)
@require_POST
def received_at_lab(request: StaffRequest, kit_id: UUID) -> HttpResponse:
    found = selectors.kit_received_get_for(actor=request.user, kit_id=kit_id)
    try:
        services.kit_mark_at_lab(kit=found, actor=request.user)
    except (services.EvidenceRefused, services.TransitionNotAllowed):
        messages.error(request, _("Not possible: the kit has not been handed over to your unit yet."))
    else:
        messages.success(request, _("Recorded: the laboratory has kit %(barcode)s.") % {"barcode": found.barcode})
    return redirect("evidence:received")
