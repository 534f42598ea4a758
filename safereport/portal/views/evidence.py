"""The person's say over the evidence kept from their examination (issue 14), after their code.

What is kept, where (in words), until when; and four choices — keep it
longer where the rule allows, ask the centre to give it to the police, ask
for destruction, ask for an item back — each with a check-your-answer step
and a confirmation. Nothing is chosen for them.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from safereport.cases.models import Case
from safereport.core.access import public_view
from safereport.evidence import selectors as evidence_selectors
from safereport.evidence import services as evidence_services
from safereport.evidence.models import KEPT, ItemClass, KitStatus
from safereport.evidence.selectors import PersonKit
from safereport.portal import confirmations, forms
from safereport.portal.session import centre_only, with_return_session

RETURNABLE = ItemClass.RETURNABLE


@public_view
@require_GET
@with_return_session
@centre_only
def kept(request: HttpRequest, case: Case) -> HttpResponse:
    kits = evidence_selectors.kits_for_person(case)
    return render(request, "portal/mine/evidence.html", {"kits": [(k, _choices(k)) for k in kits]})


def _items(person_kit: PersonKit) -> list[tuple[str, str]]:
    return [
        (str(item.public_id), str(item.get_kind_display()))
        for item in person_kit.items
        if item.item_class == RETURNABLE and item.returned_on is None and item.return_requested_on is None
    ]


def _choices(person_kit: PersonKit) -> list[str]:
    kit = person_kit.kit
    found = []
    if person_kit.may_extend:
        found.append("extend")
    if kit.status in (*KEPT, KitStatus.DUE) and kit.release_requested_on is None:
        found.append("release")
    if kit.status in (KitStatus.STORED, KitStatus.EXTENDED, KitStatus.NOTICE_GIVEN):
        found.append("destroy")
    if kit.status in (*KEPT, KitStatus.DUE, KitStatus.COLLECTED) and _items(person_kit):
        found.append("item_back")
    return found


def _record(person_kit: PersonKit, case: Case, choice: str, item_id: str) -> None:
    kit = person_kit.kit
    if choice == "extend":
        evidence_services.kit_extend_for_person(kit=kit, case=case)
    elif choice == "release":
        evidence_services.kit_release_request_for_person(kit=kit, case=case)
    elif choice == "destroy":
        evidence_services.kit_destruction_request_for_person(kit=kit, case=case)
    else:
        item = next(i for i in person_kit.items if str(i.public_id) == item_id)
        evidence_services.item_return_request_for_person(item=item, case=case)


@public_view
@require_http_methods(["GET", "POST"])
@with_return_session
@centre_only
def kept_choice(request: HttpRequest, case: Case) -> HttpResponse:
    wanted = request.POST.get("kit") or request.GET.get("kit") or ""
    person_kit = next((k for k in evidence_selectors.kits_for_person(case) if str(k.kit.public_id) == wanted), None)
    if person_kit is None:
        return redirect("mine:kept")
    choices, items = _choices(person_kit), _items(person_kit)
    context: dict[str, object] = {"person_kit": person_kit, "kit": person_kit.kit}
    if request.method == "GET":
        form = forms.EvidenceChoiceForm(choices=choices, items=items)
        return render(request, "portal/mine/evidence_choice.html", {**context, "form": form})
    form = forms.EvidenceChoiceForm(request.POST, choices=choices, items=items)
    step = request.POST.get("step", "")
    if not form.is_valid() or step == "change":
        status = 200 if step == "change" else 400
        return render(request, "portal/mine/evidence_choice.html", {**context, "form": form}, status=status)
    choice, item_id = form.cleaned_data["choice"], form.cleaned_data.get("item") or ""
    item_name = dict(items).get(item_id, "")
    context.update({"form": form, "choice": choice, "choice_label": dict(forms.EVIDENCE_CHOICES)[choice], "item_name": item_name})
    if step != "confirm":
        return render(request, "portal/mine/evidence_check.html", context)
    try:
        _record(person_kit, case, choice, item_id)
    except evidence_services.EvidenceRefused:
        form.add_error(None, forms.EVIDENCE_NOT_POSSIBLE)
        return render(request, "portal/mine/evidence_choice.html", context, status=400)
    return confirmations.remember(request, "evidence_choice", choice=choice, item=item_name, kit=str(person_kit.kit.barcode))
